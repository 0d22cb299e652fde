export { WsGateway, type WsGatewayOptions } from './ws-gateway.js';
