import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
  /** The login cookie (`name=value`) the answer set, if any. */
  cookie: string | undefined;
}

/**
 * One plain HTTP call to the daemon's web port, as a browser would make it (with the login cookie when
 * given) but without an Origin header, which a same-origin fetch from the dashboard would carry.
 */
export function httpCall(url: string, options: { method?: string; body?: unknown; cookie?: string; userAgent?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string | number> = { 'User-Agent': options.userAgent ?? 'e2e-browser/1.0' };
    if (payload) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
    if (options.cookie) headers.Cookie = options.cookie;
    const req = request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const setCookie = res.headers['set-cookie']?.[0];
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookie: setCookie?.split(';')[0] });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Logs the owner in through the web API with the password and a recovery code (no TOTP timing involved). */
export function browserLogin(webUrl: string, password: string, recoveryCode: string, userAgent?: string): Promise<HttpAnswer> {
  return httpCall(`${webUrl}/api/auth/login`, { method: 'POST', body: { password, recoveryCode }, ...(userAgent ? { userAgent } : {}) });
}
