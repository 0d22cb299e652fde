import { z } from 'zod';
import { LIMITS } from './limits.js';
import { ColsSchema, RowsSchema, SessionNameSchema, SessionSchema } from './session.js';
import { ProviderNameSchema } from './provider.js';
import { keyToSequence } from './keys.js';

import { utf8ByteLength as utf8Length } from './utf8.js';

const ENV_NAME_RULE = 'environment variable names use letters, digits and "_", and do not start with a digit';

export const EnvSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, ENV_NAME_RULE), z.string().max(LIMITS.maxArgLength), {
    // zod reports a bad record key as "Invalid key in record" and hides the key schema's message one
    // level down, where error mappers that read the top-level message never look.
    error: (issue) => (issue.code === 'invalid_key' ? `invalid environment variable name "${String(issue.input)}": ${ENV_NAME_RULE}` : undefined),
  })
  .refine((env) => Object.keys(env).length <= LIMITS.maxEnvEntries, `at most ${LIMITS.maxEnvEntries} environment variables`);

export const CreateSessionRequestSchema = z
  .object({
    name: SessionNameSchema.optional(),
    /** argv; omitted → the user's $SHELL. */
    command: z
      .array(z.string().max(LIMITS.maxArgLength))
      .min(1, 'command needs at least the program to run')
      .max(LIMITS.maxArgs)
      .optional(),
    cwd: z.string().min(1).max(4096).optional(),
    env: EnvSchema.optional(),
    cols: ColsSchema.optional(),
    rows: RowsSchema.optional(),
    /** `shell` (default) runs `command`; an agent provider launches its binary with hooks, and `command` is not allowed. */
    provider: ProviderNameSchema.optional(),
    /** Agent providers: the model to start with. */
    model: z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._:/[\]-]*$/, 'a model name uses letters, digits and . _ - : / [ ]').optional(),
    /** Agent providers: continue this earlier conversation (the provider's own session id). */
    resume: z.string().min(1).max(200).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a provider session id uses letters, digits, ".", "_" and "-"').optional(),
    /** Agent providers: extra arguments passed to the binary after the ones CodePiper sets. */
    args: z.array(z.string().max(LIMITS.maxArgLength)).max(LIMITS.maxArgs).optional(),
  })
  .strict()
  .refine((r) => !(r.provider && r.provider !== 'shell' && r.command), { message: 'an agent provider launches its own binary: pass extra arguments as args, not command', path: ['command'] })
  .refine((r) => !((r.provider ?? 'shell') === 'shell' && (r.model || r.resume || r.args)), { message: 'model, resume and args need an agent provider (claude or codex)', path: ['provider'] });
export type CreateSessionRequest = z.infer<typeof CreateSessionRequestSchema>;

export const KeyNameSchema = z.string().refine((name) => keyToSequence(name) !== undefined, {
  error: (issue) => `unknown key name "${String(issue.input)}"`,
});

/**
 * Input to a session: `text` is written as typed (then Enter when `enter` is true), `keys` are named
 * keys written after it. At least one of the two.
 */
export const InputRequestSchema = z
  .object({
    text: z
      .string()
      .refine((t) => utf8Length(t) <= LIMITS.maxInputBytes, `input is at most ${LIMITS.maxInputBytes} bytes`)
      .optional(),
    enter: z.boolean().optional(),
    keys: z.array(KeyNameSchema).max(LIMITS.maxKeys).optional(),
  })
  .strict()
  .refine((b) => b.text !== undefined || (b.keys !== undefined && b.keys.length > 0) || b.enter === true, 'send text, keys, or enter');
export type InputRequest = z.infer<typeof InputRequestSchema>;

export const ResizeRequestSchema = z.object({ cols: ColsSchema, rows: RowsSchema }).strict();
export type ResizeRequest = z.infer<typeof ResizeRequestSchema>;

export const RenameRequestSchema = z.object({ name: SessionNameSchema }).strict();
export type RenameRequest = z.infer<typeof RenameRequestSchema>;

export const StopRequestSchema = z
  .object({
    /** Milliseconds between SIGHUP/SIGTERM and SIGKILL. */
    graceMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict();
export type StopRequest = z.infer<typeof StopRequestSchema>;

export const ListSessionsQuerySchema = z
  .object({
    all: z.enum(['true', 'false', '1', '0']).optional(),
  })
  .strict();

/** `GET /api/sessions/:ref/log`: raw output from byte offset `from` (default: the oldest byte kept). */
export const LogQuerySchema = z
  .object({
    from: z.coerce.number().int('from is a byte offset').min(0, 'from is a byte offset').optional(),
  })
  .strict();

export const HealthResponseSchema = z.object({ ok: z.literal(true), version: z.string() });
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const SessionListResponseSchema = z.array(SessionSchema);

export const DaemonStatusSchema = z.object({
  running: z.boolean(),
  version: z.string(),
  pid: z.number().int(),
  home: z.string(),
  socket: z.string(),
  web: z.object({ host: z.string(), port: z.number().int() }).nullable(),
  ws: z.object({ host: z.string(), port: z.number().int() }).nullable(),
  startedAt: z.string(),
  sessions: z.object({ running: z.number().int(), total: z.number().int() }),
  ptyHost: z.object({ pid: z.number().int(), startedAt: z.string() }).nullable(),
});
export type DaemonStatus = z.infer<typeof DaemonStatusSchema>;
