import { describe, expect, it } from 'vitest';
import { formatAuthStatus, formatEnrolment, formatRecoveryCodes } from './owner.js';

const ENROLMENT = { totpUri: 'otpauth://totp/CodePiper:owner?secret=ABC&issuer=CodePiper', secret: 'ABC' };

describe('formatEnrolment', () => {
  it('puts the QR code first, then the secret and URI as text', () => {
    const lines = formatEnrolment(ENROLMENT, '▄▄▄\n█ █\n\x1b[47m\x1b[0m\n').split('\n');
    expect(lines[0]).toMatch(/^Scan this QR code with your authenticator app/);
    expect(lines.slice(2, 5)).toEqual(['▄▄▄', '█ █', '']);
    expect(lines.slice(-2)).toEqual(['  secret  ABC', `  uri     ${ENROLMENT.totpUri}`]);
  });

  it('offers the text alone when there is no QR code to show', () => {
    expect(formatEnrolment(ENROLMENT, undefined).split('\n')).toEqual([
      'Add this account to your authenticator app (Google Authenticator, Aegis, 1Password, …):',
      '  secret  ABC',
      `  uri     ${ENROLMENT.totpUri}`,
    ]);
  });
});

describe('formatRecoveryCodes', () => {
  it('says to save the codes before listing them one per line', () => {
    const lines = formatRecoveryCodes(['aaaa-bbbb-cccc', 'dddd-eeee-ffff']).split('\n');
    expect(lines[1]).toMatch(/Save them somewhere safe now .*not shown again/);
    expect(lines.slice(2)).toEqual(['  aaaa-bbbb-cccc', '  dddd-eeee-ffff']);
  });
});

describe('formatAuthStatus', () => {
  it('names the next step for each stage of setup', () => {
    expect(formatAuthStatus({ configured: false, totpConfirmed: false, setupRequired: true, authenticated: true })).toMatch(/^no owner set up yet: run "codepiper auth setup"/);
    expect(formatAuthStatus({ configured: true, totpConfirmed: false, setupRequired: true, authenticated: true })).toMatch(/"codepiper auth confirm <code>"/);
    expect(formatAuthStatus({ configured: true, totpConfirmed: true, setupRequired: false, authenticated: true })).toMatch(/^owner set up/);
  });

  it('adds the recovery codes left when the daemon reports them', () => {
    expect(formatAuthStatus({ configured: true, totpConfirmed: true, setupRequired: false, authenticated: true, recoveryCodesLeft: 7 }).split('\n')[1]).toBe('recovery codes left: 7');
  });
});
