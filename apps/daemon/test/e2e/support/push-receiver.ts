import { execFileSync } from 'node:child_process';
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
// An implementation of RFC 8188/8291 independent of web-push's own encryption code.
import ece from 'http_ece';
import { PushPayloadSchema, type PushPayload } from '@codepiper/protocol';

const OPENSSL = '/usr/bin/openssl';

/** One request the receiver got, as a push service would see it. */
export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The status the receiver answered with. */
  answered: number;
}

/** What the receiver answers, per endpoint path, in order; after the scripted answers, 201. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A self-signed certificate for 127.0.0.1 made for this test run (cert.pem, key.pem in `dir`). */
export function makeReceiverCert(dir: string): { certPath: string; keyPath: string } {
  const certPath = join(dir, 'push-cert.pem');
  const keyPath = join(dir, 'push-key.pem');
  execFileSync(OPENSSL, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'ignore' });
  return { certPath, keyPath };
}

/**
 * A stand-in push service on https://127.0.0.1:<port>: records every request, answers with whatever a
 * test scripted for that endpoint (404, 429 with Retry-After, 500, …) and otherwise 201 Created.
 */
export class PushReceiver {
  readonly received: ReceivedPush[] = [];
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private readonly events = new EventEmitter();
  private readonly sockets = new Set<Socket>();

  private readonly server: Server;

  private constructor(cert: { certPath: string; keyPath: string }) {
    this.server = createServer({ cert: readFileSync(cert.certPath), key: readFileSync(cert.keyPath) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        const answer = this.scripts.get(path)?.shift() ?? { status: 201 };
        const push: ReceivedPush = { path, headers: req.headers, body: Buffer.concat(chunks), answered: answer.status };
        this.received.push(push);
        res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? '');
        this.events.emit('push', push);
      });
    });
    this.server.on('secureConnection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('tlsClientError', () => undefined);
  }

  static async start(cert: { certPath: string; keyPath: string }): Promise<PushReceiver> {
    const receiver = new PushReceiver(cert);
    receiver.server.listen(0, '127.0.0.1');
    await once(receiver.server, 'listening');
    return receiver;
  }

  get origin(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next answers for `path` (e.g. a 429 then a 500), before the default 201. */
  script(path: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(path, [...(this.scripts.get(path) ?? []), ...answers]);
  }

  /** Requests to `path` so far. */
  to(path: string): ReceivedPush[] {
    return this.received.filter((p) => p.path === path);
  }

  /** Resolves once `count` requests have reached `path` (counting those already there). */
  async waitFor(path: string, count: number, timeoutMs = 20_000): Promise<ReceivedPush[]> {
    if (this.to(path).length >= count) return this.to(path);
    return new Promise((resolveWait, reject) => {
      const timer = setTimeout(() => {
        this.events.off('push', onPush);
        reject(new Error(`timed out waiting for ${count} pushes to ${path}; got ${this.to(path).length}`));
      }, timeoutMs);
      const onPush = (): void => {
        if (this.to(path).length < count) return;
        clearTimeout(timer);
        this.events.off('push', onPush);
        resolveWait(this.to(path));
      };
      this.events.on('push', onPush);
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    this.server.closeAllConnections();
    await once(this.server, 'close');
  }
}

/**
 * A browser's side of a push subscription: its own P-256 key pair and auth secret (made here, as a
 * browser would), an endpoint on the receiver, and decryption of what arrives there.
 */
export class TestDevice {
  private readonly ecdh: ECDH;
  private readonly authSecret: Buffer;

  constructor(
    readonly receiver: PushReceiver,
    readonly name: string,
  ) {
    this.ecdh = createECDH('prime256v1');
    this.ecdh.generateKeys();
    this.authSecret = randomBytes(16);
  }

  get path(): string {
    return `/push/${this.name}`;
  }

  get endpoint(): string {
    return `${this.receiver.origin}${this.path}`;
  }

  /** What PushSubscription.toJSON() gives in a browser. */
  subscription(): { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } } {
    return {
      endpoint: this.endpoint,
      expirationTime: null,
      keys: { p256dh: this.ecdh.getPublicKey().toString('base64url'), auth: this.authSecret.toString('base64url') },
    };
  }

  /** The aes128gcm body decrypted with http_ece and parsed as a push payload. */
  decrypt(push: ReceivedPush): PushPayload {
    const plaintext: Buffer = ece.decrypt(push.body, { version: 'aes128gcm', privateKey: this.ecdh, authSecret: this.authSecret.toString('base64url') });
    return PushPayloadSchema.parse(JSON.parse(plaintext.toString('utf8')));
  }
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
  /** The `k=` of the Authorization header: the sender's public key. */
  publicKey: string;
}

/**
 * Checks the `Authorization: vapid t=<JWT>, k=<key>` header of RFC 8292: an ES256 JWT whose signature
 * verifies with `k`. Returns the claims; throws when the header or the signature is wrong.
 */
export function verifyVapid(push: ReceivedPush): VapidClaims {
  const header = String(push.headers.authorization ?? '');
  const match = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [jwt, key] = [match[1]!, match[2]!];
  const [head, claims, signature] = jwt.split('.') as [string, string, string];
  const joseHeader = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string; typ?: string };
  if (joseHeader.alg !== 'ES256') throw new Error(`JWT alg is ${joseHeader.alg}, not ES256`);
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const valid = verify('sha256', Buffer.from(`${head}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!valid) throw new Error('the VAPID JWT signature does not verify with k');
  const parsed = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as { aud: string; exp: number; sub: string };
  return { ...parsed, publicKey: key };
}
