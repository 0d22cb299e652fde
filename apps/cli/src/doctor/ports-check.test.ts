import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { portsCheck, probePort } from './ports-check.js';
import { tempDoctorHome } from './test-support/doctor-context.js';

let temp: ReturnType<typeof tempDoctorHome>;
let servers: Server[];
beforeEach(() => {
  temp = tempDoctorHome();
  servers = [];
});
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  temp.release();
});

/** A port some other program holds. */
async function occupied(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return (server.address() as { port: number }).port;
}

/** A port nobody holds (taken and released). */
async function free(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const configure = (config: object) => writeFileSync(join(temp.home, 'config.json'), JSON.stringify(config));

describe('probePort', () => {
  it('tells a free port from one in use', async () => {
    expect(await probePort('127.0.0.1', await free())).toBe('free');
    expect(await probePort('127.0.0.1', await occupied())).toBe('in-use');
  });
});

describe('portsCheck', () => {
  it('is green for free ports, reading them from config.json', async () => {
    const [port, wsPort] = [await free(), await free()];
    configure({ web: true, port, wsPort });
    expect(await portsCheck(temp.ctx)).toEqual([
      { check: 'ports', status: 'ok', message: `port ${port} (dashboard): free on 127.0.0.1` },
      { check: 'ports', status: 'ok', message: `port ${wsPort} (WebSocket): free on 127.0.0.1` },
    ]);
  });

  it('is red for a port another program holds while no daemon runs, with the setting to change', async () => {
    const wsPort = await occupied();
    configure({ port: 0, wsPort });
    const results = await portsCheck(temp.ctx);
    expect(results[0]).toMatchObject({ status: 'ok', message: 'port 0 (dashboard, with --web): any free port is taken at start' });
    expect(results[1]).toEqual({
      check: 'ports',
      status: 'fail',
      message: `port ${wsPort} (WebSocket): taken by another program, so the daemon cannot listen there`,
      fix: 'free it, or choose another: codepiper config set wsPort <port>',
    });
  });

  it('is yellow for a taken dashboard port when --web is off', async () => {
    const port = await occupied();
    configure({ port, wsPort: 0 });
    expect((await portsCheck(temp.ctx))[0]).toMatchObject({ status: 'warn', message: `port ${port} (dashboard, with --web): taken by another program, so the daemon cannot listen there` });
  });

  it('is green for the ports the running daemon holds itself, yellow for a configured one another program took', async () => {
    const [port, wsPort] = [await occupied(), await occupied()];
    configure({ web: true, port, wsPort });
    const ctx = temp.withDaemon({ web: { host: '127.0.0.1', port }, ws: { host: '127.0.0.1', port: 45678 } });
    const results = await portsCheck(ctx);
    expect(results[0]).toEqual({ check: 'ports', status: 'ok', message: `port ${port} (dashboard): in use by this daemon` });
    expect(results[1]).toMatchObject({ status: 'warn', message: `port ${wsPort} (WebSocket): taken by another program (this daemon listens on 45678)` });
  });

  it('checks the metrics port when one is configured, on loopback', async () => {
    const metricsPort = await occupied();
    configure({ port: 0, wsPort: 0, metricsPort });
    expect((await portsCheck(temp.ctx))[2]).toMatchObject({ status: 'fail', message: `port ${metricsPort} (metrics): taken by another program, so the daemon cannot listen there` });
  });
});
