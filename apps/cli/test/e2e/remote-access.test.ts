import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DaemonStatus, Session, SetupBeginResponse } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { freePorts } from './support/free-port.js';
import { createNetNamespace, netNamespacesUsable, type NetNamespace } from './support/net-namespace.js';
import { CLI_BIN } from './support/paths.js';
import { runCli, runCliJson } from './support/run-cli.js';
import { sshdAvailable, startSshServer, type SshServer } from './support/ssh-server.js';
import { openSshTunnel, type SshTunnel } from './support/ssh-tunnel.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { totpCode } from './support/totp.js';

/** What remote-probe.mjs reports: the dashboard page, the session list, and each WebSocket it typed through. */
interface ProbeReport {
  dashboard: number;
  title: string | null;
  sessionListed: boolean;
  attached: string[];
}

const PROBE = fileURLToPath(new URL('./support/remote-probe.mjs', import.meta.url));
const PASSWORD = 'a long enough lan passphrase';
const LAN_WARNING = 'listening on 0.0.0.0: this exposes the dashboard to your local network. Make sure you trust all devices on it.';
/** Building "another machine on the network" takes root and `ip netns`; without them those two cases are skipped, by name. */
const NETNS = netNamespacesUsable();
const NEEDS_NETNS = '(a network namespace as the other machine: needs root and ip netns)';

async function probeOnHost(webUrl: string, sessionId: string, wsUrls: string[], token: string): Promise<ProbeReport> {
  const child = spawn(process.execPath, [PROBE, webUrl, sessionId, ...wsUrls], { env: { ...process.env, CODEPIPER_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  expect(code, stderr).toBe(0);
  return JSON.parse(stdout) as ProbeReport;
}

function statusOf(home: string): Promise<DaemonStatus & { web: { host: string; port: number }; ws: { host: string; port: number } }> {
  return runCliJson(['daemon', 'status', '--json'], { home });
}

describe('LAN mode: codepiper daemon --web --host 0.0.0.0, both ports', () => {
  let home: string;
  /** The other machine's CODEPIPER_HOME: empty, so only the network can reach the daemon. */
  let elsewhere: string;
  let daemon: DaemonProcess | undefined;
  let lan: NetNamespace | undefined;
  let status: Awaited<ReturnType<typeof statusOf>>;
  let token: string;
  const cli = (args: string[], input?: string) => runCli(args, { home, ...(input === undefined ? {} : { input }) });

  beforeAll(() => {
    home = makeTempDir();
    elsewhere = makeTempDir();
    if (NETNS) lan = createNetNamespace();
  });

  afterAll(async () => {
    await daemon?.stop();
    lan?.destroy();
    removeTempDir(home);
    removeTempDir(elsewhere);
  });

  it('refuses to listen on 0.0.0.0 before an owner exists', async () => {
    const refused = await cli(['daemon', '--web', '--host', '0.0.0.0', '--port', '0', '--ws-port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^codepiper: refusing to listen on 0\.0\.0\.0: no owner is set up yet\. Run "codepiper auth setup" on this machine first/);
  });

  it('sets the owner up with the default daemon, which listens on loopback only', async () => {
    daemon = await startDaemonProcess(home, { web: true });
    const setup = await runCliJson<SetupBeginResponse>(['auth', 'setup', '--password-stdin', '--json'], { home, input: `${PASSWORD}\n` });
    const confirmed = await cli(['auth', 'confirm', totpCode(setup.secret)]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    status = await statusOf(home);
    expect(status.web.host).toBe('127.0.0.1');
    expect(status.ws.host).toBe('127.0.0.1');
  });

  it.skipIf(!NETNS)(`the loopback daemon cannot be reached from another machine on the network ${NEEDS_NETNS}`, async () => {
    for (const port of [status.web.port, status.ws.port]) {
      const attempt = await lan!.run([process.execPath, '-e', `fetch('http://${lan!.hostAddress}:${port}/').then(() => process.exit(0), (e) => { console.log(e.cause?.code); process.exit(3); })`]);
      expect(attempt.code, attempt.stderr).toBe(3);
      expect(attempt.stdout.trim()).toBe('ECONNREFUSED');
    }
  });

  it('with --host 0.0.0.0 binds the web port and the WebSocket port to every interface, warns, and still demands a login', async () => {
    await daemon!.stop();
    daemon = await startDaemonProcess(home, { web: true, args: ['--host', '0.0.0.0'] });
    expect(daemon.output.text).toContain(LAN_WARNING);
    status = await statusOf(home);
    expect(status.web.host).toBe('0.0.0.0');
    expect(status.ws.host).toBe('0.0.0.0');
    expect((await fetch(`http://127.0.0.1:${status.web.port}/api/sessions`)).status).toBe(401);
    const created = await cli(['token', 'create', '--name', 'phone']);
    expect(created.code, created.stderr).toBe(0);
    token = created.stdout.trim();
  });

  it.skipIf(!NETNS)(`another machine opens http://<machine ip>:<port> and gets live terminal output through both ports ${NEEDS_NETNS}`, async () => {
    const id = (await cli(['start', '--name', 'on-the-lan', '--', 'sh'])).stdout.trim();
    const web = `http://${lan!.hostAddress}:${status.web.port}`;
    const wsUrls = [`ws://${lan!.hostAddress}:${status.web.port}/ws`, `ws://${lan!.hostAddress}:${status.ws.port}/`];
    const probed = await lan!.run([process.execPath, PROBE, web, id, ...wsUrls], { CODEPIPER_TOKEN: token });
    expect(probed.code, probed.stderr).toBe(0);
    expect(JSON.parse(probed.stdout)).toEqual({ dashboard: 200, title: 'CodePiper', sessionListed: true, attached: wsUrls });

    const remote = await lan!.run([process.execPath, CLI_BIN, '--url', web, 'sessions'], { CODEPIPER_HOME: elsewhere, CODEPIPER_TOKEN: token });
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stdout).toMatch(new RegExp(`^${id}\\b.*on-the-lan`, 'm'));
  });
});

describe.skipIf(!sshdAvailable())('SSH tunnel to both ports, as the product page writes it', () => {
  let home: string;
  let elsewhere: string;
  let daemon: DaemonProcess;
  let ssh: SshServer;
  let status: Awaited<ReturnType<typeof statusOf>>;
  let token: string;
  let sessionId: string;
  const tunnels: SshTunnel[] = [];

  beforeAll(async () => {
    home = makeTempDir();
    elsewhere = makeTempDir();
    daemon = await startDaemonProcess(home, { web: true });
    ssh = await startSshServer(home);
    status = await statusOf(home);
    token = (await runCli(['token', 'create', '--name', 'laptop'], { home })).stdout.trim();
    sessionId = (await runCli(['start', '--name', 'tunnelled', '--', 'sh'], { home })).stdout.trim();
  });

  afterAll(async () => {
    for (const tunnel of tunnels) await tunnel.stop();
    await ssh?.stop();
    await daemon?.stop();
    removeTempDir(home);
    removeTempDir(elsewhere);
  });

  const checkThrough = async (localWeb: number, localWs: number): Promise<void> => {
    const wsUrls = [`ws://localhost:${localWeb}/ws`, `ws://localhost:${localWs}/`];
    expect(await probeOnHost(`http://localhost:${localWeb}`, sessionId, wsUrls, token)).toEqual({ dashboard: 200, title: 'CodePiper', sessionListed: true, attached: wsUrls });
    const sessions = await runCliJson<Session[]>(['sessions', '--json', '--url', `http://localhost:${localWeb}`], { env: { CODEPIPER_HOME: elsewhere, CODEPIPER_TOKEN: token } });
    expect(sessions.map((s) => s.id)).toContain(sessionId);
  };

  it('ssh -N -L <web>:localhost:<web> -L <ws>:localhost:<ws> carries the dashboard and a live attach through each forwarded port', async () => {
    const [localWeb, localWs] = (await freePorts(2)) as [number, number];
    const tunnel = await openSshTunnel(
      [
        '-N', '-i', ssh.identityFile, '-p', String(ssh.port),
        '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes',
        '-L', `${localWeb}:localhost:${status.web.port}`, '-L', `${localWs}:localhost:${status.ws.port}`,
        `${ssh.user}@127.0.0.1`,
      ],
      [localWeb, localWs],
    );
    tunnels.push(tunnel);
    await checkThrough(localWeb, localWs);
  });

  it('a Host entry with two LocalForward lines in the ssh config, then just "ssh codepiper"', async () => {
    const [localWeb, localWs] = (await freePorts(2)) as [number, number];
    const config = join(elsewhere, 'ssh_config');
    writeFileSync(
      config,
      [
        'Host codepiper',
        '  HostName 127.0.0.1',
        `  Port ${ssh.port}`,
        `  User ${ssh.user}`,
        `  IdentityFile ${ssh.identityFile}`,
        '  StrictHostKeyChecking no',
        '  UserKnownHostsFile /dev/null',
        '  BatchMode yes',
        `  LocalForward ${localWeb} localhost:${status.web.port}`,
        `  LocalForward ${localWs} localhost:${status.ws.port}`,
        '',
      ].join('\n'),
    );
    // No -N: like the page's "ssh codepiper", a remote shell runs (reading the open stdin) while the forwards serve.
    const tunnel = await openSshTunnel(['-F', config, 'codepiper'], [localWeb, localWs]);
    tunnels.push(tunnel);
    await checkThrough(localWeb, localWs);
  });
});
