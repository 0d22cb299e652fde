export { authRoutes, type AuthRouteDeps } from './auth-routes.js';
export { Authenticator, bearerToken } from './authenticator.js';
export { hostName, NetworkPolicy, type NetworkPolicyOptions } from './network-policy.js';
export { auditActor, LOCAL_PRINCIPAL, type Principal } from './principal.js';
export { isPublicApiPath, localGuard, networkGuard, type GuardEnv } from './request-guard.js';
export { contentSecurityPolicy, securityHeaders } from './security-headers.js';
export { WsTickets } from './ws-tickets.js';
