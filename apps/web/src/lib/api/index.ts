export { request, setUnauthorizedHandler, type RequestOptions } from './api-client';
export { ApiError, errorMessage } from './api-error';
export { authApi } from './auth-api';
export { policyApi } from './policy-api';
export { sessionsApi } from './sessions-api';
export { usageApi } from './usage-api';
