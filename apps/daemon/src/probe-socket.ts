import { request } from 'node:http';

/** True when something answers HTTP on the unix socket (a live daemon); false for a stale file or none. */
export function probeSocket(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolveProbe) => {
    const req = request({ socketPath, path: '/api/health', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolveProbe(true);
    });
    req.on('timeout', () => {
      req.destroy();
      resolveProbe(false);
    });
    req.on('error', () => resolveProbe(false));
    req.end();
  });
}
