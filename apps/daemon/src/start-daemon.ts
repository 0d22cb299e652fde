import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { ensureHome, openDatabase, OwnerService, PolicyEngine, PtyHostClient, SecretBox, SessionRepository, tuneHeapGrowth, UsageService } from '@codepiper/core';
import type { DaemonStatus } from '@codepiper/protocol';
import {
  Authenticator,
  contentSecurityPolicy,
  localGuard,
  NetworkPolicy,
  networkGuard,
  securityHeaders,
  WsTickets,
  type Principal,
} from './auth/index.js';
import { Agents } from './agents/index.js';
import { DEFAULT_APPROVAL_TIMEOUT_MS, DEFAULT_LOG_CAP_BYTES, DEFAULT_PUSH_SUBJECT } from './constants.js';
import { upgradePrincipal } from './upgrade-check.js';
import { DaemonError } from './errors.js';
import { createApp, malformedRequestHandler } from './http/index.js';
import { isLoopbackHost } from './loopback.js';
import { probeSocket } from './probe-socket.js';
import { catchUpTranscripts } from './usage-catch-up.js';
import { SessionHub } from './session-hub/index.js';
import { daemonVersion } from './version.js';
import { WsGateway } from './ws/index.js';
import { Push } from './push/index.js';
import { DaemonMetrics, MeteredRateLimiter, startMetricsServer, TrafficMeter } from './metrics/index.js';

const LOCAL: Principal = { kind: 'local', readOnly: false };

export interface DaemonOptions {
  home: string;
  /** Serve the dashboard and the HTTP API on `host:port`. */
  web: boolean;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The dedicated WebSocket port; 0 picks a free port. */
  wsPort: number;
  version?: string;
  logCapBytes?: number;
  /** How long a tool call waits for the owner before the agent falls back to its own prompt. */
  approvalTimeoutMs?: number;
  /** The built dashboard; defaults to @codepiper/web's build when it is installed. */
  webRoot?: string;
  /** Where log lines go; defaults to stderr with a timestamp. */
  log?: (message: string) => void;
  /** Print the ready line to stdout (the CLI's foreground daemon). Default true. */
  announce?: boolean;
  /** Behind a reverse proxy: take the client address and scheme from X-Forwarded-For / X-Forwarded-Proto. */
  trustProxy?: boolean;
  /** Host names the daemon is reached by (besides localhost and IP addresses), e.g. behind a proxy. */
  publicHosts?: string[];
  /** Extra origins allowed to open WebSockets and make cookie-authenticated writes. */
  allowedOrigins?: string[];
  /** The VAPID subject push services may contact (`mailto:` or `https:`); see DEFAULT_PUSH_SUBJECT. */
  pushSubject?: string;
  /** Also serve GET /metrics without authentication on 127.0.0.1:<port> (0 picks a free port); null/undefined: not at all. */
  metricsPort?: number | null;
}

export interface RunningDaemon {
  status(): DaemonStatus;
  /** Stops the daemon; sessions keep running in the pty host unless `killSessions`. */
  close(options?: { killSessions?: boolean }): Promise<void>;
  /** Resolves once the daemon has shut down, however that was triggered. */
  closed: Promise<void>;
}

/**
 * Starts the daemon: storage, the pty host connection (spawning the host when none runs), the session
 * hub, and the listeners — the unix socket always, `--ws-port` always, and `--port` with `--web`.
 */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const version = options.version ?? daemonVersion();
  const log = options.log ?? ((message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`));
  const paths = await ensureHome(options.home);
  // Every output frame of every session passes through this process.
  tuneHeapGrowth();
  const running = await probeSocket(paths.daemonSock);
  if (running) {
    const pid = await readFile(paths.daemonPid, 'utf8').catch(() => '?');
    throw new DaemonError('conflict', `a daemon is already running (pid ${pid.trim()}, socket ${paths.daemonSock})`);
  }
  await rm(paths.daemonSock, { force: true });

  const database = openDatabase(paths.db);
  const repo = new SessionRepository(database);
  const owner = new OwnerService({ database, secretBox: await SecretBox.open(paths.home) });
  const usage = new UsageService({ database, home: paths.home });
  const policy = new PolicyEngine({ database });
  const exposed = !isLoopbackHost(options.host);
  if (exposed && !owner.status().totpConfirmed) {
    database.close();
    // Whoever reaches an exposed port first must not be able to claim the daemon.
    throw new DaemonError(
      'forbidden',
      `refusing to listen on ${options.host}: no owner is set up yet. Run "codepiper auth setup" on this machine first (or start on 127.0.0.1 and finish setup in the browser)`,
    );
  }
  let push: Push;
  try {
    push = await Push.open({
      database,
      home: paths.home,
      subject: options.pushSubject ?? DEFAULT_PUSH_SUBJECT,
      broadcast: (message) => hub.streams.broadcastToList(message),
      log,
    });
  } catch (error) {
    database.close();
    throw error;
  }
  const startedAt = new Date().toISOString();
  let closing = false;
  // Before the pty host connection: output counted from the first frame on.
  const traffic = new TrafficMeter();
  const limiter = new MeteredRateLimiter();
  const metrics = new DaemonMetrics({ version, sessions: () => repo.list({ all: true }), clients: () => gateway.clientCount, database, limiter, traffic });

  let hostClient: PtyHostClient | undefined;
  let connecting: Promise<PtyHostClient> | undefined;
  const host = (): Promise<PtyHostClient> => {
    if (hostClient) return Promise.resolve(hostClient);
    connecting ??= PtyHostClient.connect({ home: paths.home, spawn: true })
      .then((client) => {
        client.on('output', (frame: Uint8Array, id: string, offset: number, payload: Uint8Array) => {
          metrics.countOutput(payload.length);
          hub.streams.onOutput(frame, id, offset, payload);
        });
        client.on('exit', (id: string, info: { exitCode: number | null; signal: string | null; offset: number; endedAt: string }) => hub.onExit(id, info));
        client.on('close', () => {
          hostClient = undefined;
          if (!closing) {
            log('the pty host connection closed; sessions it owned are recorded as failed');
            hub.onHostLost();
          }
        });
        hostClient = client;
        return client;
      })
      .finally(() => {
        connecting = undefined;
      });
    return connecting;
  };

  const hub = new SessionHub({
    repo,
    paths,
    host,
    logCapBytes: options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES,
    log,
    onSessionEnded: (session) => push.notifier.sessionEnded(session),
  });
  // Before reconcile: exits recorded there end agent states and pending approvals too.
  const agents = new Agents({
    database,
    repo,
    hub,
    home: paths.home,
    sessionDir: paths.sessionDir,
    policy,
    approvalTimeoutMs: options.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS,
    usage,
    log,
    onAgentState: (session, previous) => push.notifier.agentStateChanged(session, previous),
    onApproval: (approval) => push.notifier.approvalChanged(approval),
  });
  try {
    await hub.reconcile();
  } catch (error) {
    // No pty host to adopt the sessions from (or one speaking another protocol): give up before any
    // listener exists, leaving the host and its sessions as they are.
    closing = true;
    agents.close();
    push.close();
    hostClient?.close();
    await usage.close();
    database.close();
    throw error;
  }
  // Transcripts written while the daemon was down; in the background, so start-up does not wait for them.
  void catchUpTranscripts(usage, repo.list({ all: true }), log);

  const authenticator = new Authenticator(owner);
  const tickets = new WsTickets();
  const gateway = new WsGateway({ hub, version, log, validator: () => authenticator.validator(), presence: push.presence });
  const servers: Server[] = [];
  let webAddress: AddressInfo | undefined;
  let wsAddress: AddressInfo | undefined;
  let metricsAddress: AddressInfo | undefined;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));

  const status = (): DaemonStatus => ({
    running: true,
    version,
    pid: process.pid,
    home: paths.home,
    socket: paths.daemonSock,
    web: webAddress ? { host: options.host, port: webAddress.port } : null,
    ws: wsAddress ? { host: options.host, port: wsAddress.port } : null,
    startedAt,
    sessions: { running: hub.runningCount(), total: repo.list({ all: true }).length },
    ptyHost: hostClient ? { pid: hostClient.hostPid, startedAt: hostClient.hostStartedAt } : null,
  });

  const close = async ({ killSessions = false }: { killSessions?: boolean } = {}): Promise<void> => {
    if (closing) return closed;
    closing = true;
    agents.close();
    push.close();
    gateway.close();
    await Promise.all(servers.map((server) => closeServer(server)));
    hub.flush();
    await usage.close();
    const client = hostClient ?? (killSessions ? await host().catch(() => undefined) : undefined);
    if (client) {
      if (killSessions) await client.shutdown().catch((error: unknown) => log(`pty host shutdown: ${String(error)}`));
      client.close();
    }
    database.close();
    await rm(paths.daemonSock, { force: true });
    await rm(paths.daemonPid, { force: true });
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    resolveClosed();
  };
  const onSignal = (): void => void close();

  const webRoot = options.web ? (options.webRoot ?? resolveWebRoot()) : undefined;
  const headers = securityHeaders(contentSecurityPolicy(webRoot));
  const networkPolicy = new NetworkPolicy({
    trustProxy: options.trustProxy ?? false,
    publicHosts: options.publicHosts ?? [],
    allowedOrigins: options.allowedOrigins ?? [],
    webPort: () => webAddress?.port,
  });
  const appOptions = {
    hub,
    version,
    status,
    shutdown: (killSessions: boolean) => void close({ killSessions }),
    sessionDir: paths.sessionDir,
    headers,
    auth: { owner, limiter, tickets, disconnect: (match: (p: Principal) => boolean) => gateway.disconnect(match) },
    policy,
    agents,
    usage,
    push,
    metrics: () => metrics.render(),
    log,
  };
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer, anyPath: boolean, local: boolean): void => {
    const path = (request.url ?? '/').split('?')[0];
    if (!(anyPath ? path === '/' || path === '/ws' : path === '/ws')) {
      socket.destroy();
      return;
    }
    const verdict = local ? ({ ok: true, principal: LOCAL } as const) : upgradePrincipal(request, networkPolicy, authenticator, tickets);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.reason}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${verdict.message}\n`);
      return;
    }
    gateway.handleUpgrade(request, socket, head, verdict.principal);
  };

  try {
    // Unix socket: the CLI's door, and the local owner's authority — created 0600 from the first instant.
    const errorHandler = malformedRequestHandler(headers);
    const socketServer = createServer(getRequestListener(createApp({ ...appOptions, guard: localGuard(), hooks: true }).fetch, { errorHandler }));
    socketServer.on('upgrade', (req, socket, head) => onUpgrade(req, socket, head, false, true));
    const previousMask = process.umask(0o177);
    try {
      await listen(socketServer, { path: paths.daemonSock });
    } finally {
      process.umask(previousMask);
    }
    await chmod(paths.daemonSock, 0o600);
    servers.push(socketServer);
    traffic.watch(socketServer, 'socket');

    if (options.web) {
      const webApp = createApp({ ...appOptions, guard: networkGuard(networkPolicy, authenticator), ...(webRoot ? { webRoot } : {}) });
      const webServer = createServer(getRequestListener(webApp.fetch, { errorHandler }));
      webServer.on('upgrade', (req, socket, head) => onUpgrade(req, socket, head, false, false));
      traffic.watch(webServer, 'web');
      webAddress = await listen(webServer, { host: options.host, port: options.port });
      servers.push(webServer);
    }

    const wsServer = createServer((_req, res) => {
      res.writeHead(426, { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Upgrade: 'websocket' });
      res.end(JSON.stringify({ error: { code: 'bad_request', message: 'this port speaks WebSocket only' } }));
    });
    wsServer.on('upgrade', (req, socket, head) => onUpgrade(req, socket, head, true, false));
    traffic.watch(wsServer, 'ws');
    wsAddress = await listen(wsServer, { host: options.host, port: options.wsPort });
    servers.push(wsServer);

    if (options.metricsPort !== undefined && options.metricsPort !== null) {
      const started = await startMetricsServer(options.metricsPort, () => metrics.render(), headers);
      metricsAddress = started.address;
      servers.push(started.server);
    }
  } catch (error) {
    await close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new DaemonError('conflict', `port already in use: ${(error as NodeJS.ErrnoException & { port?: number }).port ?? ''}`.trim(), { cause: error });
    throw error;
  }

  await writeFile(paths.daemonPid, `${process.pid}\n`, { mode: 0o600 });
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  if (exposed) {
    log(`listening on ${options.host}: this exposes the dashboard to your local network. Make sure you trust all devices on it.`);
  }
  if (!owner.status().totpConfirmed && webAddress) {
    // Like Jupyter's token: only someone who can read this terminal or log can claim the daemon.
    const code = owner.issueSetupCode();
    process.stdout.write(`codepiper: no owner is set up yet. Open the dashboard and enter the setup code ${code}, or run "codepiper auth setup" on this machine.\n`);
  }
  if (options.announce ?? true) {
    const parts = [`socket ${paths.daemonSock}`];
    if (webAddress) parts.push(`web http://${hostForUrl(options.host)}:${webAddress.port}`);
    if (wsAddress) parts.push(`ws ws://${hostForUrl(options.host)}:${wsAddress.port}`);
    if (metricsAddress) parts.push(`metrics http://${metricsAddress.address}:${metricsAddress.port}/metrics`);
    process.stdout.write(`codepiper daemon ready: ${parts.join(', ')}\n`);
  }
  return { status, close, closed };
}

function listen(server: Server, target: { path: string } | { host: string; port: number }): Promise<AddressInfo | undefined> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(target, () => {
      server.off('error', reject);
      const address = server.address();
      resolveListen(typeof address === 'object' && address !== null ? address : undefined);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function resolveWebRoot(): string | undefined {
  try {
    return new URL('./build', import.meta.resolve('@codepiper/web/package.json')).pathname;
  } catch {
    return undefined;
  }
}
