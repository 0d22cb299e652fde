export { reconnectDelay } from './backoff';
export { InputQueue } from './input-queue';
export { browserClock, type Clock, type SocketFactory, type SocketLike, type SocketCloseEvent, type TimerHandle } from './socket-edge';
export { StreamAssembler, type AssemblerStep } from './stream-assembler';
export { WsClient } from './ws-client';
export {
  CLOSE_UNAUTHORIZED,
  type AuthProbe,
  type ConnectionState,
  type ControlInfo,
  type ExitInfo,
  type FeedMessage,
  type InputResult,
  type Presence,
  type SessionFeedMessage,
  type StreamHandle,
  type StreamHandlers,
  type WsClientOptions,
} from './ws-types';
