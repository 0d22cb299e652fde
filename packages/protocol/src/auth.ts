import { z } from 'zod';

/**
 * Password policy for a *new* password (setup, change, reset). Lengths count Unicode code points, not
 * UTF-16 units, so an emoji counts as one character the way the owner sees it. Ten characters is
 * NIST SP 800-63B's floor raised a little: there is a single account and no lockout, so length is the
 * defence; 1024 bounds the work one argon2 call is handed.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;

function codePoints(value: string): number {
  // Spreading a string walks code points, so a surrogate pair counts once.
  return [...value].length;
}

export const PasswordSchema = z
  .string()
  .refine((pw) => codePoints(pw) >= PASSWORD_MIN_LENGTH, `a password needs at least ${PASSWORD_MIN_LENGTH} characters`)
  .refine((pw) => codePoints(pw) <= PASSWORD_MAX_LENGTH, `a password is at most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((pw) => !/^\s*$/u.test(pw), 'a password cannot be only spaces');

/**
 * A password offered at login is only bounded, not held to the policy: the policy may grow stricter
 * later, and an older password must still reach the check that says it is wrong or right.
 */
export const LoginPasswordSchema = z
  .string()
  .min(1, 'enter your password')
  .refine((pw) => codePoints(pw) <= PASSWORD_MAX_LENGTH, `a password is at most ${PASSWORD_MAX_LENGTH} characters`);

/** A 6-digit authenticator code; spaces (as apps display "123 456") are removed. */
export const TotpCodeSchema = z
  .string()
  .max(32, 'an authenticator code is 6 digits')
  .transform((code) => code.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'an authenticator code is 6 digits'));

/**
 * A recovery code as typed: case, spaces and dashes do not matter. The daemon checks the alphabet; this
 * only refuses what cannot possibly be one (12 letters or digits once separators are gone).
 */
export const RecoveryCodeSchema = z
  .string()
  .max(64, 'a recovery code looks like abcd-efgh-jkmn')
  .refine((code) => /^[0-9a-z]{12}$/i.test(code.replace(/[\s-]+/g, '')), 'a recovery code looks like abcd-efgh-jkmn');

/** The one-time code printed by the daemon for first-run setup from a browser. */
export const SetupCodeSchema = z.string().min(1, 'enter the setup code').max(64, 'the setup code is too long');

export const LoginRequestSchema = z.union([
  z.object({ password: LoginPasswordSchema, totp: TotpCodeSchema }).strict(),
  z.object({ password: LoginPasswordSchema, recoveryCode: RecoveryCodeSchema }).strict(),
]);
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const SetupBeginRequestSchema = z.object({ setupCode: SetupCodeSchema.optional(), password: PasswordSchema }).strict();
export type SetupBeginRequest = z.infer<typeof SetupBeginRequestSchema>;

export const SetupConfirmRequestSchema = z.object({ setupCode: SetupCodeSchema.optional(), totp: TotpCodeSchema }).strict();
export type SetupConfirmRequest = z.infer<typeof SetupConfirmRequestSchema>;

export const SetupBeginResponseSchema = z.object({
  /** otpauth:// URI for a QR code. */
  totpUri: z.string(),
  /** The same secret in base32, for typing into an authenticator by hand. */
  secret: z.string(),
  /** Shown once; only their hashes are kept. */
  recoveryCodes: z.array(z.string()),
});
export type SetupBeginResponse = z.infer<typeof SetupBeginResponseSchema>;

export const ChangePasswordRequestSchema = z
  .object({ currentPassword: LoginPasswordSchema, newPassword: PasswordSchema, totp: TotpCodeSchema })
  .strict();
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

/** How the caller of a request was recognised: a browser login, an API token, or the local unix socket. */
export const AUTH_VIAS = ['login', 'token', 'local'] as const;

export const AuthMeResponseSchema = z.object({
  authenticated: z.literal(true),
  via: z.enum(AUTH_VIAS),
  loginId: z.string().optional(),
  tokenId: z.string().optional(),
  readOnly: z.boolean(),
});
export type AuthMeResponse = z.infer<typeof AuthMeResponseSchema>;

export const AuthStatusResponseSchema = z.object({
  /** A password has been set (setup begun). */
  configured: z.boolean(),
  /** The authenticator has been confirmed: the owner can log in. */
  totpConfirmed: z.boolean(),
  /** Nobody can log in yet; the web app shows the setup page. */
  setupRequired: z.boolean(),
  /**
   * The caller's own credentials (cookie, token, or the local socket) are valid: the dashboard's route
   * gate learns everything it needs in this one unauthenticated round trip.
   */
  authenticated: z.boolean(),
  /** Unused recovery codes; only told to an authenticated caller. */
  recoveryCodesLeft: z.number().int().optional(),
});
export type AuthStatusResponse = z.infer<typeof AuthStatusResponseSchema>;

const IsoDate = z.string().describe('ISO 8601 timestamp');
const ShortId = z.string().regex(/^[0-9a-f]{8}$/, 'an id is 8 lowercase hex digits');

/** A browser login as listed to the owner; `current` marks the one making the request. */
export const LoginInfoSchema = z.object({
  id: ShortId,
  createdAt: IsoDate,
  lastSeenAt: IsoDate,
  expiresAt: IsoDate,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean().optional(),
});
export type LoginInfo = z.infer<typeof LoginInfoSchema>;

export const ApiTokenInfoSchema = z.object({
  id: ShortId,
  name: z.string(),
  readOnly: z.boolean(),
  createdAt: IsoDate,
  lastUsedAt: IsoDate.nullable(),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfoSchema>;

export const API_TOKEN_NAME_MAX_LENGTH = 64;

/** Token names show in tables and audit lines: printable, no control characters, no edge spaces. */
export const ApiTokenNameSchema = z
  .string()
  .min(1, 'a token name cannot be empty')
  .max(API_TOKEN_NAME_MAX_LENGTH, `a token name is at most ${API_TOKEN_NAME_MAX_LENGTH} characters`)
  .regex(/^[^\p{C}\p{Zl}\p{Zp}]+$/u, 'a token name cannot contain control characters')
  .refine((name) => name.trim() === name, 'a token name cannot start or end with spaces');

export const CreateApiTokenRequestSchema = z.object({ name: ApiTokenNameSchema, readOnly: z.boolean().optional() }).strict();
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequestSchema>;

export const CreateApiTokenResponseSchema = z.object({
  id: ShortId,
  name: z.string(),
  readOnly: z.boolean(),
  /** Shown once; only its hash is kept. */
  token: z.string(),
});
export type CreateApiTokenResponse = z.infer<typeof CreateApiTokenResponseSchema>;

/** Audit entry types the daemon writes; the column is free text, so a newer daemon may add more. */
export const AUDIT_TYPES = [
  'login-succeeded',
  'login-failed',
  'logout',
  'setup',
  'setup-code-used',
  'setup-code-rejected',
  'password-changed',
  'password-reset',
  'totp-reset',
  'recovery-codes-regenerated',
  'recovery-code-used',
  'login-revoked',
  'logins-revoked',
  'token-created',
  'token-revoked',
  'rate-limited',
] as const;
export type KnownAuditType = (typeof AUDIT_TYPES)[number];

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: IsoDate,
  type: z.string(),
  ip: z.string().nullable(),
  /** `owner`, `local-cli`, `token:<id>` or `anonymous`. */
  actor: z.string(),
  /** The JSON value recorded with the entry, null when there was none. */
  detail: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
