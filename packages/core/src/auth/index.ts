export * as AUTH_CONSTANTS from './constants.js';
export type { AuditContext, AuditWriter } from './audit-context.js';
export type { NewApiTokenResult } from './api-token-service.js';
export { clientKey } from './client-key.js';
export type { NewLoginResult } from './login-service.js';
export {
  OwnerService,
  type LoginAttempt,
  type OwnerServiceOptions,
  type OwnerStatus,
  type SetupStart,
  type TotpEnrolment,
} from './owner-service.js';
export { hashPassword, parseHashParameters, validateNewPassword, verifyPassword, type HashParameters, type PasswordCheck } from './password.js';
export { DEFAULT_RATE_LIMITS, LoginRateLimiter, type RateDecision, type RateLimits } from './rate-limiter.js';
export { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes.js';
export { SecretBox, secretKeyPath } from './secret-box.js';
export { API_TOKEN_PREFIX, LOGIN_TOKEN_PREFIX, hashToken, looksLikeToken, newApiToken, newLoginToken, secretsEqual } from './tokens.js';
export { currentTotp, newTotpSecret, normaliseTotpCode, totpStep, totpUri, verifyTotp, type TotpCheck } from './totp.js';
