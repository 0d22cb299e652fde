import type {
  ApiTokenInfo,
  AuthMeResponse,
  AuthStatusResponse,
  ChangePasswordRequest,
  CreateApiTokenRequest,
  CreateApiTokenResponse,
  LoginInfo,
  LoginRequest,
  SetupBeginRequest,
  SetupBeginResponse,
  SetupConfirmRequest,
} from '@codepiper/protocol';
import { request } from './api-client';

type Fetch = typeof fetch;

export const authApi = {
  status: (fetch?: Fetch) => request<AuthStatusResponse>('GET', '/api/auth/status', { authRequired: false, ...(fetch ? { fetch } : {}) }),
  me: (fetch?: Fetch) => request<AuthMeResponse>('GET', '/api/auth/me', { authRequired: false, ...(fetch ? { fetch } : {}) }),
  login: (body: LoginRequest) => request<{ ok: true; loginId: string }>('POST', '/api/auth/login', { body, authRequired: false }),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout', { authRequired: false }),
  setupBegin: (body: SetupBeginRequest) => request<SetupBeginResponse>('POST', '/api/auth/setup', { body, authRequired: false }),
  setupConfirm: (body: SetupConfirmRequest) => request<{ ok: true }>('POST', '/api/auth/setup/confirm', { body, authRequired: false }),
  changePassword: (body: ChangePasswordRequest) => request<{ ok: true; revokedLogins: string[] }>('POST', '/api/auth/password', { body }),
  logins: () => request<LoginInfo[]>('GET', '/api/auth/logins'),
  revokeLogin: (id: string) => request<{ ok: true }>('DELETE', `/api/auth/logins/${encodeURIComponent(id)}`),
  revokeOtherLogins: () => request<{ ok: true; revokedLogins: string[] }>('POST', '/api/auth/logins/revoke-all'),
  tokens: () => request<ApiTokenInfo[]>('GET', '/api/auth/tokens'),
  createToken: (body: CreateApiTokenRequest) => request<CreateApiTokenResponse>('POST', '/api/auth/tokens', { body }),
  revokeToken: (id: string) => request<{ ok: true }>('DELETE', `/api/auth/tokens/${encodeURIComponent(id)}`),
};
