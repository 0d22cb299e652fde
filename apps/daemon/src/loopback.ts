import { isIP } from 'node:net';

/** True for `localhost`, 127.0.0.0/8 and ::1 — the addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const version = isIP(host);
  if (version === 4) return host.startsWith('127.');
  if (version === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
