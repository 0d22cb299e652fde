export * from './errors.js';
export * from './frame.js';
export * from './http.js';
export * from './keys.js';
export * from './limits.js';
export * from './session.js';
export * from './ws.js';
export { PROTOCOL_VERSION } from './version.js';
export { utf8ByteLength } from './utf8.js';
