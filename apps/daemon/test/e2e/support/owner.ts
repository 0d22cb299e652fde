import type { DaemonProcess } from './daemon-process.js';
import { http, type HttpAnswer } from './http-client.js';
import { TotpClock } from './totp-clock.js';

export const OWNER_PASSWORD = 'correct horse battery staple';
export const LOGIN_COOKIE = 'codepiper_login';

export interface Owner {
  password: string;
  totp: TotpClock;
  /** Recovery codes not spent yet; login() takes from the front and refills over the unix socket. */
  recoveryCodes: string[];
  /** The login that confirming setup created (a `name=value` Cookie header). */
  cookie: string;
}

/** The web port as an http() target. */
export function web(daemon: DaemonProcess): { port: number } {
  if (daemon.webPort === undefined) throw new Error('the daemon was started without --web');
  return { port: daemon.webPort };
}

/** The dashboard's own origin, what a browser on it sends as Origin. */
export function dashboardOrigin(daemon: DaemonProcess): string {
  return `http://127.0.0.1:${web(daemon).port}`;
}

/** The setup code from the daemon's "no owner is set up yet" line. */
export function printedSetupCode(daemon: DaemonProcess): string {
  const match = /enter the setup code (\S+?),/.exec(daemon.stdout());
  if (!match?.[1]) throw new Error(`the daemon printed no setup code; stdout: ${daemon.stdout()}`);
  return match[1];
}

/** The `name=value` of the login cookie an answer sets, else undefined. */
export function loginCookieOf(answer: HttpAnswer): string | undefined {
  const header = setCookieHeader(answer);
  const match = new RegExp(`(?:^|\\s)(${LOGIN_COOKIE}=[^;]+)`).exec(header ?? '');
  return match?.[1];
}

export function setCookieHeader(answer: HttpAnswer): string | undefined {
  const raw = answer.headers['set-cookie'];
  return Array.isArray(raw) ? raw.join('\n') : raw;
}

/**
 * First-run setup the way the dashboard does it: over TCP with the printed setup code, then the first
 * code of the new authenticator. `headers` lets a test pose as a client behind a trusted proxy.
 */
export async function setUpOwner(daemon: DaemonProcess, headers: Record<string, string> = {}): Promise<Owner> {
  const setupCode = printedSetupCode(daemon);
  const begun = await http(web(daemon), 'POST', '/api/auth/setup', { setupCode, password: OWNER_PASSWORD }, headers);
  if (begun.status !== 200) throw new Error(`setup failed: ${begun.status} ${begun.body.toString()}`);
  const { secret, recoveryCodes } = begun.json<{ secret: string; recoveryCodes: string[] }>();
  const totp = new TotpClock(secret);
  const confirmed = await http(web(daemon), 'POST', '/api/auth/setup/confirm', { setupCode, totp: await totp.fresh() }, headers);
  const cookie = loginCookieOf(confirmed);
  if (confirmed.status !== 200 || !cookie) throw new Error(`setup confirmation failed: ${confirmed.status} ${confirmed.body.toString()}`);
  return { password: OWNER_PASSWORD, totp, recoveryCodes: [...recoveryCodes], cookie };
}

/**
 * A new browser login. TOTP allows about three logins per 30 s (codes are single use and only the
 * steps around now count), so routine logins spend recovery codes, refilled from the unix socket
 * (the owner on the machine) when they run out.
 */
export async function login(daemon: DaemonProcess, owner: Owner, headers: Record<string, string> = {}): Promise<{ cookie: string; loginId: string }> {
  if (owner.recoveryCodes.length === 0) {
    const refilled = await http(daemon, 'POST', '/api/auth/recovery-codes', {});
    owner.recoveryCodes.push(...refilled.json<{ recoveryCodes: string[] }>().recoveryCodes);
  }
  const recoveryCode = owner.recoveryCodes.shift()!;
  const answer = await http(web(daemon), 'POST', '/api/auth/login', { password: owner.password, recoveryCode }, headers);
  const cookie = loginCookieOf(answer);
  if (answer.status !== 200 || !cookie) throw new Error(`login failed: ${answer.status} ${answer.body.toString()}`);
  return { cookie, loginId: answer.json<{ loginId: string }>().loginId };
}

/** An API token made by the owner on the machine (unix socket). */
export async function createToken(daemon: DaemonProcess, name: string, readOnly = false): Promise<{ id: string; token: string }> {
  const answer = await http(daemon, 'POST', '/api/auth/tokens', { name, readOnly });
  if (answer.status !== 201) throw new Error(`token creation failed: ${answer.status} ${answer.body.toString()}`);
  return answer.json<{ id: string; token: string }>();
}

/** Headers of a cookie-authenticated request from the dashboard page itself. */
export function fromDashboard(daemon: DaemonProcess, cookie: string): Record<string, string> {
  return { cookie, origin: dashboardOrigin(daemon) };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
