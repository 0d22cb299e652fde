import type { PushDelivery, PushDevice, PushTestResponse } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { startPushService, subscribeDevice, type PushService } from './support/push-service.js';
import { runCli, runCliJson, stderrLines } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { makeSelfSignedCert } from './support/tls-proxy.js';

describe('codepiper notify', () => {
  let home: string;
  let certDir: string;
  let daemon: DaemonProcess;
  let service: PushService;
  const cli = (args: string[]) => runCli(args, { home });
  const json = <T>(args: string[]) => runCliJson<T>(args, { home });

  beforeAll(async () => {
    home = makeTempDir();
    certDir = makeTempDir('cp-push-cert-');
    const cert = makeSelfSignedCert(certDir);
    service = await startPushService(cert);
    daemon = await startDaemonProcess(home, { env: { NODE_EXTRA_CA_CERTS: cert.certPath }, args: ['--push-subject', 'mailto:owner@example.com'] });
  });

  afterAll(async () => {
    await daemon?.stop();
    await service?.stop();
    removeTempDir(home);
    removeTempDir(certDir);
  });

  it('says how to subscribe when no device is', async () => {
    expect(await json<PushDevice[]>(['notify', 'devices', '--json'])).toEqual([]);
    expect((await cli(['notify', 'devices'])).stdout).toBe('no devices: subscribe a browser in the web dashboard under Settings > Notifications\n');
    const test = await cli(['notify', 'test']);
    expect(test.code).toBe(1);
    expect(stderrLines(test)).toEqual([expect.stringMatching(/no device is subscribed.*subscribe a browser first/)]);
    expect((await cli(['notify', 'log'])).stdout).toBe('no push deliveries yet (try "codepiper notify test")\n');
  });

  it('lists devices, tests them, logs the attempts and prunes the one whose service says 410', async () => {
    const ok = await subscribeDevice(home, `${service.origin}/ok/1`, 'laptop');
    const gone = await subscribeDevice(home, `${service.origin}/gone/1`, 'old phone');

    const table = (await cli(['notify', 'devices'])).stdout.trimEnd().split('\n');
    expect(table[0]).toMatch(/^ID\s+NAME\s+PLATFORM\s+PUSH SERVICE\s+LAST SEEN\s+LAST PUSH$/);
    expect(table.slice(1).map((l) => l.split(/\s{2,}/)[0])).toEqual([ok, gone]);
    expect(table[1]).toMatch(/laptop\s+-\s+127\.0\.0\.1:\d+\s+\d+s ago\s+-$/);

    const one = await cli(['notify', 'test', '--device', ok.slice(0, 5)]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toBe(`${ok} laptop: delivered (201)\n`);

    const all = await runCli(['notify', 'test', '--json'], { home });
    expect(all.code).toBe(1);
    expect((JSON.parse(all.stdout) as PushTestResponse).results).toEqual([
      { device: ok, name: 'laptop', outcome: 'delivered', status: 201, error: null },
      { device: gone, name: 'old phone', outcome: 'gone', status: 410, error: expect.stringMatching(/removed/) },
    ]);
    expect([...service.paths].sort()).toEqual(['/gone/1', '/ok/1', '/ok/1']);

    const log = await json<PushDelivery[]>(['notify', 'log', '--limit', '2', '--json']);
    expect(log.map((d) => [d.deviceName, d.event, d.outcome, d.status])).toEqual([
      ['old phone', 'test', 'gone', 410],
      ['laptop', 'test', 'delivered', 201],
    ]);
    const human = (await cli(['notify', 'log'])).stdout.trimEnd().split('\n');
    expect(human[0]).toMatch(/^AT\s+DEVICE\s+EVENT\s+SESSION\s+TRY\s+OUTCOME\s+ERROR$/);
    expect(human[1]).toMatch(/old phone\s+test\s+-\s+1\s+gone \(410\)\s+the push service no longer knows/);
    expect(human).toHaveLength(4);

    expect((await json<PushDevice[]>(['notify', 'devices', '--json'])).map((d) => d.id)).toEqual([ok]);
  });

  it('renames and removes a device, and explains unknown ones', async () => {
    const id = await subscribeDevice(home, `${service.origin}/ok/2`, 'tablet');
    const renamed = await json<PushDevice>(['notify', 'rename', id, 'kitchen tablet', '--json']);
    expect(renamed).toMatchObject({ id, name: 'kitchen tablet' });
    const removed = await cli(['notify', 'rm', id]);
    expect(removed.stdout).toBe(`removed device ${id}\n`);
    const again = await cli(['notify', 'rm', id]);
    expect(again.code).toBe(1);
    expect(stderrLines(again)).toEqual([expect.stringMatching(/no device matches .*codepiper notify devices/)]);
  });

  it('refuses a bad --limit as a usage error', async () => {
    const result = await cli(['notify', 'log', '--limit', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--limit must be at least 1/);
  });
});
