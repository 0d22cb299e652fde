export type { ClientLink } from './client-link.js';
export { SessionHub, type ExitInfo, type SessionHubOptions } from './session-hub.js';
export type { AttachOptions, StreamRouter } from './stream-router.js';
export type { AgentLaunch, SessionAgentHooks } from './agent-hooks.js';
