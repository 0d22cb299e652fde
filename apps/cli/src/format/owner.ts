import type { AuthStatus, TotpEnrolment } from '../client/index.js';

/**
 * A new authenticator secret for the owner to add: the QR code when there is one to show, then the
 * same as text (some apps take only the secret, typed by hand).
 */
export function formatEnrolment(enrolment: TotpEnrolment, qrCode: string | undefined): string {
  const lines: string[] = [];
  if (qrCode !== undefined) {
    lines.push('Scan this QR code with your authenticator app (Google Authenticator, Aegis, 1Password, …):', '', trimDrawing(qrCode), '');
    lines.push('or add the account by hand:');
  } else {
    lines.push('Add this account to your authenticator app (Google Authenticator, Aegis, 1Password, …):');
  }
  lines.push(`  secret  ${enrolment.secret}`, `  uri     ${enrolment.totpUri}`);
  return lines.join('\n');
}

/**
 * A terminal drawing without the trailing lines that hold nothing visible (the QR renderer ends with a
 * line of colour codes alone, which would print as an extra blank line).
 */
function trimDrawing(drawing: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = (line: string): boolean => line.replace(/\x1b\[[0-9;]*m/g, '').trim().length > 0;
  const lines = drawing.split('\n');
  while (lines.length > 0 && !visible(lines[lines.length - 1]!)) lines.pop();
  return lines.join('\n');
}

/** Recovery codes, shown once: the note says so before the codes, where it cannot be missed. */
export function formatRecoveryCodes(codes: readonly string[]): string {
  return [
    'Recovery codes: each one logs in once in place of an authenticator code.',
    'Save them somewhere safe now (a password manager, a printout): they are not shown again.',
    ...codes.map((code) => `  ${code}`),
  ].join('\n');
}

/** `auth status`: where setup stands and what to run next. */
export function formatAuthStatus(status: AuthStatus): string {
  const lines: string[] = [];
  if (status.totpConfirmed) lines.push('owner set up: log in with the password and a code from the authenticator app');
  else if (status.configured) lines.push('setup begun, authenticator not confirmed yet: finish with "codepiper auth confirm <code>" (or run "codepiper auth setup" again)');
  else lines.push('no owner set up yet: run "codepiper auth setup" on the daemon\'s machine');
  if (status.totpConfirmed && typeof status.recoveryCodesLeft === 'number') lines.push(`recovery codes left: ${status.recoveryCodesLeft}`);
  return lines.join('\n');
}
