import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import type { Session } from '@codepiper/protocol';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { answerProblem } from '../support/fuzz/answer-check.js';
import { runBounded } from '../support/fuzz/bounded-pool.js';
import { fuzzRequest, type FuzzRequest } from '../support/fuzz/http-requests.js';
import { FuzzSender } from '../support/fuzz/http-sender.js';
import { WsFuzzClient } from '../support/fuzz/ws-fuzz-client.js';
import { wsFuzzMessage } from '../support/fuzz/ws-messages.js';
import { http } from '../support/http-client.js';
import { bearer, createToken, dashboardOrigin, login, web, type Owner } from '../support/owner.js';
import { TestWsClient } from '../support/ws-test-client.js';

/** Fixed so a failure can be replayed: CODEPIPER_FUZZ_SEED=<seed> reruns exactly the same inputs. */
const SEED = Number(process.env.CODEPIPER_FUZZ_SEED ?? 20_260_611);
const HTTP_REQUESTS = 10_000;
const WS_MESSAGES = 2_400;
/** Enough in flight to keep both cores busy, few enough that one slow answer is not hidden. */
const CONCURRENCY = 12;
/** How often each WebSocket proves it is still answered. */
const ROUND_TRIP_EVERY = 200;
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

function describeRequest(request: FuzzRequest): string {
  const body = request.body ? JSON.stringify(request.body.subarray(0, 120).toString('utf8')) : '-';
  return `${request.target}/${request.auth} ${request.method} ${request.path.slice(0, 200)} [${request.contentType ?? 'no type'}] ${request.oversize ? `(${request.body?.length} bytes)` : body}`;
}

function report(kind: string, problems: string[]): string {
  return `${problems.length} ${kind} problems with seed ${SEED} (rerun with CODEPIPER_FUZZ_SEED=${SEED}):\n${problems.slice(0, 15).join('\n')}`;
}

describe('fuzzing the daemon', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let owner: Owner;
  let token: string;
  let cookie: string;
  let target: Session;
  let secrets: string[];

  beforeAll(async () => {
    // A mutation that drops `command` starts $SHELL: make that a program that ends at once, so the
    // fuzzer cannot leave interactive shells behind.
    ({ daemon, owner } = await daemons.startOwned({ env: { SHELL: '/bin/true' } }));
    token = (await createToken(daemon, 'main-fuzz-token')).token;
    const loggedIn = await login(daemon, owner);
    cookie = loggedIn.cookie;
    // Raw mode without signals: whatever bytes the fuzzer types, cat only echoes them.
    const created = await http(daemon, 'POST', '/api/sessions', { name: 'fuzz-target', command: ['sh', '-c', 'stty raw -echo -isig; exec cat'] });
    target = created.json<Session>();
    secrets = [token, cookie.split('=')[1]!, owner.password, owner.totp.secret, daemon.home, REPO_ROOT];
  });

  afterAll(() => daemons.destroyAll());

  it(`answers ${HTTP_REQUESTS} fuzzed HTTP requests on the unix socket and the web port with well-formed 2xx/4xx answers`, { timeout: 120_000 }, async () => {
    const context = { sessionId: target.id, sessionName: target.name, loginId: (await http(daemon, 'GET', '/api/auth/logins')).json<Array<{ id: string }>>()[0]!.id };
    const generating = Date.now();
    const requests = fc.sample(fuzzRequest(context), { seed: SEED, numRuns: HTTP_REQUESTS });
    console.log(`HTTP fuzz: ${requests.length} requests generated in ${Date.now() - generating} ms`);
    const sender = new FuzzSender({ socket: daemon.socket, webPort: daemon.webPort! }, { token, cookie, origin: dashboardOrigin(daemon) });
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    try {
      await runBounded(requests, CONCURRENCY, async (request, index) => {
        try {
          const answer = await sender.send(request);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const problem = answerProblem(request, answer, secrets);
          if (problem) problems.push(`#${index} ${describeRequest(request)}: ${problem}`);
        } catch (error) {
          problems.push(`#${index} ${describeRequest(request)}: ${(error as Error).message}`);
        }
      });
    } finally {
      sender.close();
    }
    console.log(`HTTP fuzz: ${requests.length} requests in ${Date.now() - started} ms, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}, seed ${SEED}`);
    expect(problems, report('HTTP', problems)).toEqual([]);
    expect(daemon.child.exitCode).toBeNull();
  });

  it(`answers ${WS_MESSAGES} fuzzed WebSocket messages, text and binary, on every listener with well-formed messages`, { timeout: 120_000 }, async () => {
    const clients = [
      await WsFuzzClient.open(`ws+unix://${daemon.socket}:/ws`, {}, 'unix socket'),
      await WsFuzzClient.open(`ws://127.0.0.1:${daemon.webPort}/ws`, bearer(token), 'web port'),
      // Bearer, not the cookie: the HTTP fuzz may well have revoked every login by now.
      await WsFuzzClient.open(`ws://127.0.0.1:${daemon.wsPort}/ws`, bearer(token), 'ws port'),
    ];
    const messages = fc.sample(wsFuzzMessage(target.id), { seed: SEED, numRuns: WS_MESSAGES });
    const started = Date.now();
    try {
      for (const [index, message] of messages.entries()) {
        const client = clients[index % clients.length]!;
        client.send(message);
        // Pong numbers far from any the fuzzer makes up.
        if (index % ROUND_TRIP_EVERY === ROUND_TRIP_EVERY - 1) await Promise.all(clients.map((c, n) => c.roundTrip(-1e9 - index * 10 - n)));
      }
      await Promise.all(clients.map((c, n) => c.roundTrip(-2e9 - n)));
      console.log(`WebSocket fuzz: ${messages.length} messages in ${Date.now() - started} ms, ${clients.reduce((sum, c) => sum + c.received, 0)} received, seed ${SEED}`);
      const problems = clients.flatMap((c) => c.problems);
      expect(problems, report('WebSocket', problems)).toEqual([]);
      expect(clients.every((c) => c.open)).toBe(true);
    } finally {
      for (const client of clients) client.close();
    }
  });

  it('still answers health, creates a session, takes input and streams it to an attached WebSocket afterwards', async () => {
    expect(daemon.child.exitCode).toBeNull();
    expect(() => process.kill(daemon.child.pid!, 0)).not.toThrow();
    for (const where of [daemon, web(daemon)]) expect((await http(where, 'GET', '/api/health')).status).toBe(200);

    const created = await http(web(daemon), 'POST', '/api/sessions', { name: 'after-fuzz', command: ['sh'] }, bearer(token));
    expect(created.status).toBe(201);
    const session = created.json<Session>();
    const viewers = [
      await TestWsClient.connect(`ws://127.0.0.1:${daemon.wsPort}/ws`, { headers: bearer(token) }),
      await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`),
    ];
    try {
      for (const viewer of viewers) {
        viewer.send({ type: 'attach', session: session.id });
        await viewer.message('attached');
      }
      const input = await http(web(daemon), 'POST', `/api/sessions/${session.id}/input`, { text: 'echo after-$((40+2))', enter: true }, bearer(token));
      expect(input.status).toBe(200);
      for (const viewer of viewers) await viewer.untilText(session.id, 'after-42');
    } finally {
      for (const viewer of viewers) await viewer.close();
    }
  });
});
