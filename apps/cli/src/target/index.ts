export { readApiToken, type TokenSource } from './api-token.js';
export { displayUrl, parseDaemonUrl } from './daemon-url.js';
export { resolveTarget, type DaemonTarget, type LocalTarget, type RemoteTarget, type TargetArgs } from './resolve-target.js';
