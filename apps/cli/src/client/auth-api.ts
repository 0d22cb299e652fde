import type {
  ApiTokenInfo,
  AuditEntry,
  AuthStatusResponse,
  CreateApiTokenRequest,
  CreateApiTokenResponse,
  LoginInfo,
  SetupBeginResponse,
} from '@codepiper/protocol';
import { REQUEST_TIMEOUT_MS } from '../constants.js';
import type { CodeHints } from '../errors.js';
import { requestJson } from './http-call.js';
import type { HttpCall, Transport } from './transport.js';

/** `GET /api/auth/status`, plus the count of unused recovery codes when the daemon reports it. */
export type AuthStatus = AuthStatusResponse & { recoveryCodesLeft?: number };

/** A new authenticator secret: the otpauth:// URI for a QR code and the same secret in base32. */
export interface TotpEnrolment {
  totpUri: string;
  secret: string;
}

export interface RevokedLogins {
  ok: true;
  revokedLogins: string[];
}

export interface AuditQuery {
  limit?: number;
  type?: string;
}

const LOGIN_HINTS: CodeHints = { not_found: 'list logins with "codepiper auth logins"' };
const TOKEN_HINTS: CodeHints = { not_found: 'list tokens with "codepiper token list"' };

/** The daemon's owner, login, token and audit routes. */
export class AuthApi {
  constructor(private readonly transport: Transport) {}

  status(): Promise<AuthStatus> {
    return this.json({ method: 'GET', path: '/api/auth/status', anonymous: true });
  }

  beginSetup(password: string): Promise<SetupBeginResponse> {
    return this.json({ method: 'POST', path: '/api/auth/setup', body: { password } });
  }

  confirmSetup(totp: string): Promise<{ ok: true }> {
    return this.json({ method: 'POST', path: '/api/auth/setup/confirm', body: { totp } });
  }

  resetPassword(password: string): Promise<RevokedLogins> {
    return this.json({ method: 'POST', path: '/api/auth/reset-password', body: { password } });
  }

  beginTotpReset(): Promise<TotpEnrolment> {
    return this.json({ method: 'POST', path: '/api/auth/reset-totp', body: {} });
  }

  confirmTotpReset(totp: string): Promise<RevokedLogins> {
    return this.json({ method: 'POST', path: '/api/auth/reset-totp/confirm', body: { totp } });
  }

  regenerateRecoveryCodes(): Promise<{ recoveryCodes: string[] }> {
    return this.json({ method: 'POST', path: '/api/auth/recovery-codes', body: {} });
  }

  listLogins(): Promise<LoginInfo[]> {
    return this.json({ method: 'GET', path: '/api/auth/logins' });
  }

  async revokeLogin(id: string): Promise<void> {
    await this.json({ method: 'DELETE', path: `/api/auth/logins/${encodeURIComponent(id)}`, hints: LOGIN_HINTS });
  }

  revokeAllLogins(): Promise<RevokedLogins> {
    return this.json({ method: 'POST', path: '/api/auth/logins/revoke-all', body: {} });
  }

  listTokens(): Promise<ApiTokenInfo[]> {
    return this.json({ method: 'GET', path: '/api/auth/tokens' });
  }

  createToken(request: CreateApiTokenRequest): Promise<CreateApiTokenResponse> {
    return this.json({ method: 'POST', path: '/api/auth/tokens', body: request });
  }

  async revokeToken(idOrName: string): Promise<void> {
    await this.json({ method: 'DELETE', path: `/api/auth/tokens/${encodeURIComponent(idOrName)}`, hints: TOKEN_HINTS });
  }

  audit(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const params = new URLSearchParams();
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.type !== undefined) params.set('type', query.type);
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.json({ method: 'GET', path: `/api/audit${search}` });
  }

  private json<T>(call: Omit<HttpCall, 'timeoutMs'>): Promise<T> {
    return requestJson<T>(this.transport, { timeoutMs: REQUEST_TIMEOUT_MS, ...call });
  }
}
