import { describe, expect, it } from 'vitest';
import {
  ApiTokenNameSchema,
  AuditEntrySchema,
  AuthMeResponseSchema,
  ChangePasswordRequestSchema,
  CreateApiTokenRequestSchema,
  LoginInfoSchema,
  LoginRequestSchema,
  PasswordSchema,
  RecoveryCodeSchema,
  SetupBeginRequestSchema,
  SetupConfirmRequestSchema,
  TotpCodeSchema,
} from './auth.js';

function firstMessage(result: { success: boolean; error?: { issues: Array<{ message: string }> } }): string | undefined {
  return result.error?.issues[0]?.message;
}

describe('PasswordSchema', () => {
  it('refuses nine characters and accepts ten', () => {
    expect(firstMessage(PasswordSchema.safeParse('123456789'))).toBe('a password needs at least 10 characters');
    expect(PasswordSchema.safeParse('1234567890').success).toBe(true);
  });

  it('counts an emoji as one character, not two UTF-16 units', () => {
    // Five emoji are ten UTF-16 units but only five characters.
    expect(PasswordSchema.safeParse('🔑🔑🔑🔑🔑').success).toBe(false);
    expect(PasswordSchema.safeParse('🔑'.repeat(10)).success).toBe(true);
  });

  it('refuses more than 1024 characters', () => {
    expect(PasswordSchema.safeParse('a'.repeat(1024)).success).toBe(true);
    expect(firstMessage(PasswordSchema.safeParse('a'.repeat(1025)))).toBe('a password is at most 1024 characters');
  });

  it('refuses a password made only of whitespace', () => {
    expect(firstMessage(PasswordSchema.safeParse(' \t'.repeat(8)))).toBe('a password cannot be only spaces');
  });
});

describe('TotpCodeSchema', () => {
  it('strips spaces and returns the six digits', () => {
    expect(TotpCodeSchema.parse('123 456')).toBe('123456');
    expect(TotpCodeSchema.parse(' 000001 ')).toBe('000001');
  });

  it('refuses five or seven digits and letters', () => {
    for (const code of ['12345', '1234567', '12345a', '']) {
      expect(firstMessage(TotpCodeSchema.safeParse(code))).toBe('an authenticator code is 6 digits');
    }
  });
});

describe('RecoveryCodeSchema', () => {
  it('accepts a code whatever its case and separators', () => {
    for (const code of ['abcd-efgh-jkmn', 'ABCD EFGH JKMN', 'abcdefghjkmn']) expect(RecoveryCodeSchema.safeParse(code).success).toBe(true);
  });

  it('refuses something of the wrong length', () => {
    expect(RecoveryCodeSchema.safeParse('abcd-efgh').success).toBe(false);
  });
});

describe('LoginRequestSchema', () => {
  it('accepts a password with a TOTP code or with a recovery code', () => {
    expect(LoginRequestSchema.parse({ password: 'correct horse', totp: '123 456' })).toEqual({ password: 'correct horse', totp: '123456' });
    expect(LoginRequestSchema.safeParse({ password: 'correct horse', recoveryCode: 'abcd-efgh-jkmn' }).success).toBe(true);
  });

  it('refuses both second factors at once, neither, or an extra field', () => {
    expect(LoginRequestSchema.safeParse({ password: 'p', totp: '123456', recoveryCode: 'abcd-efgh-jkmn' }).success).toBe(false);
    expect(LoginRequestSchema.safeParse({ password: 'p' }).success).toBe(false);
    expect(LoginRequestSchema.safeParse({ password: 'p', totp: '123456', remember: true }).success).toBe(false);
  });

  it('accepts a short password at login, so a stricter policy never locks out an older password', () => {
    expect(LoginRequestSchema.safeParse({ password: 'short', totp: '123456' }).success).toBe(true);
  });
});

describe('setup and password requests', () => {
  it('holds a new password to the policy', () => {
    expect(SetupBeginRequestSchema.safeParse({ password: 'short' }).success).toBe(false);
    expect(SetupBeginRequestSchema.safeParse({ setupCode: 'abcd-efgh', password: 'long enough pw' }).success).toBe(true);
    expect(ChangePasswordRequestSchema.safeParse({ currentPassword: 'old', newPassword: 'short', totp: '123456' }).success).toBe(false);
    expect(ChangePasswordRequestSchema.safeParse({ currentPassword: 'old', newPassword: 'long enough pw', totp: '123456' }).success).toBe(true);
  });

  it('confirms setup with a TOTP code', () => {
    expect(SetupConfirmRequestSchema.parse({ totp: '654 321' })).toEqual({ totp: '654321' });
  });
});

describe('ApiTokenNameSchema', () => {
  it('accepts printable names up to 64 characters', () => {
    expect(CreateApiTokenRequestSchema.safeParse({ name: 'ci runner ✓', readOnly: true }).success).toBe(true);
    expect(ApiTokenNameSchema.safeParse('x'.repeat(64)).success).toBe(true);
    expect(ApiTokenNameSchema.safeParse('x'.repeat(65)).success).toBe(false);
  });

  it('refuses control characters, empty names and edge spaces', () => {
    for (const name of ['', 'a\nb', 'bell\u0007', ' padded', 'rtl\u202e']) expect(ApiTokenNameSchema.safeParse(name).success).toBe(false);
  });
});

describe('response schemas', () => {
  it('describe what the daemon sends', () => {
    expect(AuthMeResponseSchema.safeParse({ authenticated: true, via: 'login', loginId: '0badc0de', readOnly: false }).success).toBe(true);
    expect(
      LoginInfoSchema.safeParse({
        id: '0badc0de',
        createdAt: '2026-01-01T00:00:00.000Z',
        lastSeenAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2026-01-31T00:00:00.000Z',
        ip: null,
        userAgent: 'Mozilla/5.0',
        current: true,
      }).success,
    ).toBe(true);
    expect(AuditEntrySchema.safeParse({ id: 1, at: '2026-01-01T00:00:00.000Z', type: 'logout', ip: '::1', actor: 'owner', detail: null }).success).toBe(
      true,
    );
  });
});
