export { request, setUnauthorizedHandler, type RequestOptions } from './api-client';
export { agentsApi } from './agents-api';
export { ApiError, errorMessage } from './api-error';
export { authApi } from './auth-api';
export { policyApi } from './policy-api';
export { notificationsApi, pushApi } from './push-api';
export { sessionsApi } from './sessions-api';
export { usageApi } from './usage-api';
