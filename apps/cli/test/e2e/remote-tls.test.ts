import type { Session } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, runCliJson, spawnCli, stderrLines, type RunningCli } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { makeSelfSignedCert, opensslAvailable, startTlsProxy, type TlsProxy } from './support/tls-proxy.js';

// The certificate is made with the openssl CLI, which Debian brings in with ca-certificates; CI does not
// install it explicitly (.ci/run is outside this package), so a machine without it skips this file.
describe.skipIf(!opensslAvailable())('remote mode over https', () => {
  let home: string;
  let certDir: string;
  let certPath: string;
  let daemon: DaemonProcess;
  let proxy: TlsProxy;
  let token: string;
  const running: RunningCli[] = [];
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ CODEPIPER_HOME: certDir, CODEPIPER_URL: proxy.url, CODEPIPER_TOKEN: token, NODE_EXTRA_CA_CERTS: '', ...extra });

  beforeAll(async () => {
    home = makeTempDir();
    certDir = makeTempDir('cp-tls-');
    const cert = makeSelfSignedCert(certDir);
    certPath = cert.certPath;
    daemon = await startDaemonProcess(home, { web: true });
    proxy = await startTlsProxy(Number(new URL(daemon.webUrl!).port), cert);
    token = (await runCli(['token', 'create', '--name', 'tls'], { home })).stdout.trim();
  });

  afterAll(async () => {
    for (const cli of running) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    await proxy?.stop();
    await daemon?.stop();
    removeTempDir(home);
    removeTempDir(certDir);
  });

  it('refuses a certificate it cannot verify, pointing at NODE_EXTRA_CA_CERTS (there is no insecure switch)', async () => {
    const result = await runCli(['sessions'], { env: env() });
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^codepiper: cannot verify the certificate of ${proxy.url} \\(self-signed certificate\\); if it is self-signed, trust it with NODE_EXTRA_CA_CERTS=`));
    const help = await runCli(['sessions', '--help'], { env: env() });
    expect(help.stdout).not.toMatch(/insecure/i);
  });

  it('with NODE_EXTRA_CA_CERTS it runs commands over https and streams over wss', async () => {
    const trusted = env({ NODE_EXTRA_CA_CERTS: certPath });
    const session = await runCliJson<Session>(['start', '--json', '--', 'cat'], { env: trusted });
    const watcher = spawnCli(['attach', session.id, '--follow'], { env: trusted });
    running.push(watcher);
    const sent = await runCli(['send', session.id, 'through-tls'], { env: trusted });
    expect(sent.code, sent.stderr).toBe(0);
    await watcher.stdout.waitFor(/through-tls[\s\S]*through-tls/);
    await runCli(['kill', session.id], { env: trusted });
    expect((await watcher.exited).code).toBe(137);
  });
});
