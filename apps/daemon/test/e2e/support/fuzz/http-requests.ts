import fc from 'fast-check';
import { LIMITS } from '@codepiper/protocol';
import { deepJsonText, hugeNumber, junkValue, mutated, nastyString, percentEncode } from './junk.js';

export interface FuzzRequest {
  target: 'socket' | 'web';
  /** How a web-port request authenticates; the unix socket needs nothing. */
  auth: 'token' | 'cookie' | 'none';
  method: string;
  path: string;
  contentType: string | undefined;
  body: Buffer | undefined;
  /** Sent on a connection of its own: after a 413 the daemon may stop reading and drop it. */
  oversize: boolean;
}

/** What the fuzzer knows of the daemon: references that resolve, so valid shapes reach deep code. */
export interface FuzzContext {
  sessionId: string;
  sessionName: string;
  loginId: string;
}

/** Programs a fuzzed session may run: they end at once and read nothing. */
const SAFE_COMMANDS = [['true'], ['sh', '-c', 'exit 3'], ['/nonexistent/fuzz-program']];

const sessionName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);
const cols = fc.integer({ min: LIMITS.minCols, max: LIMITS.maxCols });
const rows = fc.integer({ min: LIMITS.minRows, max: LIMITS.maxRows });
const totp = fc.stringMatching(/^\d{6}$/);
const password = fc.string({ minLength: 10, maxLength: 40 });
const keyName = fc.constantFrom('Enter', 'Tab', 'Escape', 'Up', 'Down', 'C-c', 'C-d', 'F1', 'PageUp', 'NoSuchKey');

const createBody = fc.record(
  {
    name: sessionName,
    command: fc.constantFrom(...SAFE_COMMANDS),
    cwd: fc.constantFrom('/', '/tmp', '/nonexistent-dir', 'relative/dir'),
    env: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/), fc.string({ maxLength: 20 }), { maxKeys: 3 }),
    cols,
    rows,
  },
  { requiredKeys: ['command'] },
);

/** The route table the daemon serves (minus /api/shutdown), each with a generator of valid bodies. */
function routes(context: FuzzContext): Array<{ method: string; path: fc.Arbitrary<string>; body?: fc.Arbitrary<Record<string, unknown>> }> {
  const ref = fc.oneof(
    { arbitrary: fc.constantFrom(context.sessionId, context.sessionName, context.sessionId.slice(0, 4)), weight: 4 },
    { arbitrary: fc.stringMatching(/^[0-9a-f]{8}$/), weight: 1 },
    { arbitrary: nastyString.map((s) => percentEncode(s.slice(0, 200)) || 'x'), weight: 2 },
    { arbitrary: fc.constantFrom('..', '%2e%2e', '%zz', '%', '%00', '\\', '%5c', 'a%2fb', '.'), weight: 1 },
  );
  const withRef = (template: string) => ref.map((r) => template.replace(':ref', r));
  const fixed = (path: string) => fc.constant(path);
  const query = (path: string, pairs: fc.Arbitrary<string>) => fc.option(pairs, { nil: undefined }).map((q) => (q ? `${path}?${q}` : path));
  const randomQuery = fc.array(fc.tuple(nastyString, nastyString), { maxLength: 3 }).map((pairs) => pairs.map(([k, v]) => `${percentEncode(k.slice(0, 60))}=${percentEncode(v.slice(0, 60))}`).join('&'));
  return [
    { method: 'GET', path: fixed('/api/health') },
    { method: 'GET', path: fixed('/api/status') },
    { method: 'GET', path: fixed('/api/openapi.json') },
    { method: 'GET', path: query('/api/sessions', fc.oneof(fc.constantFrom('all=true', 'all=1', 'all=maybe', 'all=true&all=false'), randomQuery)) },
    { method: 'POST', path: fixed('/api/sessions'), body: createBody },
    { method: 'GET', path: withRef('/api/sessions/:ref') },
    {
      method: 'POST',
      path: withRef('/api/sessions/:ref/input'),
      body: fc.record({ text: fc.string({ unit: 'grapheme', maxLength: 200 }), enter: fc.boolean(), keys: fc.array(keyName, { maxLength: 4 }) }, { requiredKeys: [] }),
    },
    { method: 'POST', path: withRef('/api/sessions/:ref/resize'), body: fc.record({ cols, rows }) },
    { method: 'POST', path: withRef('/api/sessions/:ref/rename'), body: fc.record({ name: sessionName }) },
    { method: 'POST', path: withRef('/api/sessions/:ref/stop'), body: fc.record({ graceMs: fc.integer({ min: 0, max: 200 }) }, { requiredKeys: [] }) },
    { method: 'POST', path: withRef('/api/sessions/:ref/kill'), body: fc.constant({}) },
    { method: 'DELETE', path: fc.tuple(withRef('/api/sessions/:ref'), fc.constantFrom('', '?force=true', '?force=nope')).map(([p, q]) => p + q) },
    { method: 'GET', path: fc.tuple(withRef('/api/sessions/:ref/log'), fc.oneof(fc.constant(''), hugeNumber.map((n) => `?from=${n}`), fc.constant('?from=abc'))).map(([p, q]) => p + q) },
    { method: 'GET', path: withRef('/api/sessions/:ref/events') },
    { method: 'GET', path: fixed('/api/auth/status') },
    { method: 'POST', path: fixed('/api/auth/setup'), body: fc.record({ setupCode: fc.string({ maxLength: 30 }), password }, { requiredKeys: [] }) },
    { method: 'POST', path: fixed('/api/auth/setup/confirm'), body: fc.record({ setupCode: fc.string({ maxLength: 30 }), totp }, { requiredKeys: [] }) },
    {
      method: 'POST',
      path: fixed('/api/auth/login'),
      body: fc.oneof(fc.record({ password, totp }), fc.record({ password, recoveryCode: fc.stringMatching(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/) })),
    },
    { method: 'POST', path: fixed('/api/auth/logout'), body: fc.constant({}) },
    { method: 'GET', path: fixed('/api/auth/me') },
    { method: 'POST', path: fixed('/api/auth/password'), body: fc.record({ currentPassword: password, newPassword: password, totp }) },
    { method: 'POST', path: fixed('/api/auth/reset-password'), body: fc.record({ password }) },
    { method: 'POST', path: fixed('/api/auth/reset-totp'), body: fc.constant({}) },
    { method: 'POST', path: fixed('/api/auth/reset-totp/confirm'), body: fc.record({ totp }) },
    { method: 'POST', path: fixed('/api/auth/recovery-codes'), body: fc.constant({}) },
    { method: 'GET', path: fixed('/api/auth/logins') },
    { method: 'DELETE', path: fc.oneof(fc.constant(`/api/auth/logins/${context.loginId}`), fc.stringMatching(/^[0-9a-f]{8}$/).map((id) => `/api/auth/logins/${id}`)) },
    { method: 'POST', path: fixed('/api/auth/logins/revoke-all'), body: fc.constant({}) },
    { method: 'GET', path: fixed('/api/auth/tokens') },
    { method: 'POST', path: fixed('/api/auth/tokens'), body: fc.record({ name: fc.string({ minLength: 1, maxLength: 20 }), readOnly: fc.boolean() }, { requiredKeys: ['name'] }) },
    { method: 'DELETE', path: fc.stringMatching(/^fuzz-[a-z]{1,6}$/).map((name) => `/api/auth/tokens/${name}`) },
    { method: 'POST', path: fixed('/api/auth/ws-ticket'), body: fc.constant({}) },
    { method: 'GET', path: query('/api/audit', fc.oneof(fc.constantFrom('limit=5', 'limit=0', 'limit=100000', 'type=login-failed', 'since=yesterday'), randomQuery)) },
    { method: 'GET', path: query('/api/usage', fc.oneof(fc.constantFrom('since=7d', 'since=2026-13-45', 'since=99999999999w', 'by=day', 'by=week', 'session=nope', 'session=&by=model'), randomQuery)) },
    { method: 'GET', path: query('/api/analytics', fc.oneof(fc.constantFrom('since=24h', 'since=2026-11-01', 'since=0m', 'since=tomorrow'), randomQuery)) },
    // Paths that exist nowhere.
    { method: 'GET', path: fc.array(nastyString, { minLength: 1, maxLength: 4 }).map((segments) => `/api/${segments.map((s) => percentEncode(s.slice(0, 100))).join('/')}`) },
  ];
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND', 'SEARCH', 'PURGE'];

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 12 },
  { arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'application/jsonx', 'application/json-patch+json'), weight: 2 },
  { arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', ''), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 2 },
);

/** A create request may run nothing but the safe programs, whatever the mutation made of it. */
function defang(path: string, body: unknown): unknown {
  if (!path.startsWith('/api/sessions') || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const command = (body as { command?: unknown }).command;
  if (!Array.isArray(command) || typeof command[0] !== 'string') return body;
  if (SAFE_COMMANDS.some((safe) => JSON.stringify(safe) === JSON.stringify(command))) return body;
  return { ...body, command: [`/nonexistent/${command[0]}`, ...command.slice(1)] };
}

function defangBody(path: string, body: Buffer): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return body;
  }
  const safe = defang(path, parsed);
  return safe === parsed ? body : Buffer.from(JSON.stringify(safe));
}

function bodyFor(valid: fc.Arbitrary<Record<string, unknown>> | undefined): fc.Arbitrary<{ body: Buffer | undefined; oversize: boolean }> {
  const shape = valid ?? fc.constant({});
  const json = (value: fc.Arbitrary<unknown>) => value.map((v) => Buffer.from(JSON.stringify(v) ?? 'null'));
  const body = fc.oneof(
    { arbitrary: json(shape), weight: 4 },
    { arbitrary: json(mutated(shape)), weight: 8 },
    { arbitrary: fc.tuple(shape, fc.nat()).map(([v, cut]) => { const text = JSON.stringify(v); return Buffer.from(text.slice(0, cut % Math.max(1, text.length))); }), weight: 2 },
    { arbitrary: json(junkValue), weight: 2 },
    { arbitrary: deepJsonText.map((text) => Buffer.from(text)), weight: 1 },
    { arbitrary: fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)), weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
  // About one request in 500 is over the body limit: enough to see 413s mixed into the traffic.
  const oversize = fc.constantFrom(LIMITS.maxBodyBytes + 1, 3 * 1024 * 1024).map((size) => ({ body: Buffer.alloc(size, 0x5b), oversize: true }));
  return fc.oneof({ arbitrary: body.map((b) => ({ body: b, oversize: false })), weight: 499 }, { arbitrary: oversize, weight: 1 });
}

/** One fuzzed request: a valid shape of some route, mutated in its method, path, body or content type. */
export function fuzzRequest(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const table = routes(context);
  return fc
    .record({
      route: fc.nat({ max: table.length - 1 }),
      target: fc.constantFrom('socket' as const, 'web' as const),
      auth: fc.oneof({ arbitrary: fc.constant('token' as const), weight: 8 }, { arbitrary: fc.constant('cookie' as const), weight: 1 }, { arbitrary: fc.constant('none' as const), weight: 1 }),
      otherMethod: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.constantFrom(...METHODS), weight: 1 }),
      contentType,
    })
    .chain(({ route, target, auth, otherMethod, contentType: type }) => {
      const spec = table[route]!;
      return fc.tuple(spec.path, bodyFor(spec.body)).map(([path, { body, oversize }]): FuzzRequest => {
        const method = otherMethod ?? spec.method;
        const sendsBody = method !== 'GET' && method !== 'HEAD';
        const finalBody = sendsBody && body && !oversize ? defangBody(path, body) : sendsBody ? body : undefined;
        return { target, auth, method, path: isShutdown(path) ? '/api/health' : path, contentType: type, body: finalBody, oversize: oversize && sendsBody };
      });
    });
}

/** The one route a fuzzer must not hit: it would end the daemon under test (it is not a crash). */
function isShutdown(path: string): boolean {
  let decoded = path.split('?')[0]!;
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // keep it encoded
  }
  return /^\/api\/+shutdown/i.test(decoded);
}
