import { z } from 'zod';
import { LIMITS } from './limits.js';
import { ColsSchema, RowsSchema, SessionIdSchema, SessionSchema } from './session.js';
import { ErrorCodeSchema } from './errors.js';
import { ApprovalSchema } from './approval.js';
import { NotificationSchema, PUSH_LIMITS } from './push.js';
import { utf8ByteLength } from './utf8.js';

/**
 * WebSocket control messages (JSON text frames). Output travels in binary frames (see frame.ts).
 * A session reference in a message is always the full id (clients resolve names over HTTP first).
 */

const Offset = z.number().int().min(0);

export const ClientMessageSchema = z.discriminatedUnion('type', [
  /** Receive the session list now and every change after it. */
  z.object({ type: z.literal('subscribe-sessions') }).strict(),
  z.object({ type: z.literal('unsubscribe-sessions') }).strict(),
  /**
   * Stream a session. With `from`, resume at that byte offset when the daemon still has those bytes;
   * otherwise (or without `from`) the daemon sends a snapshot frame first. `cols`/`rows` report this
   * client's size; `control: true` also makes this client the one whose size the pty follows.
   * `flow: true` opts into acknowledgement-based flow control (send `ack` as output is consumed).
   */
  z
    .object({
      type: z.literal('attach'),
      session: SessionIdSchema,
      from: Offset.optional(),
      cols: ColsSchema.optional(),
      rows: RowsSchema.optional(),
      control: z.boolean().optional(),
      readOnly: z.boolean().optional(),
      flow: z.boolean().optional(),
    })
    .strict(),
  z.object({ type: z.literal('detach'), session: SessionIdSchema }).strict(),
  /** Raw input as typed (UTF-8 text). Typing makes this client the controller unless read-only. */
  z
    .object({
      type: z.literal('input'),
      session: SessionIdSchema,
      // The limit is in UTF-8 bytes, as for HTTP input; the length check first rejects the hopeless cheaply.
      data: z
        .string()
        .max(LIMITS.maxInputBytes, `input is at most ${LIMITS.maxInputBytes} bytes`)
        .refine((d) => utf8ByteLength(d) <= LIMITS.maxInputBytes, `input is at most ${LIMITS.maxInputBytes} bytes`),
    })
    .strict(),
  /** This client's terminal size changed (applied to the pty only while it is in control). */
  z.object({ type: z.literal('resize'), session: SessionIdSchema, cols: ColsSchema, rows: RowsSchema }).strict(),
  z.object({ type: z.literal('take-control'), session: SessionIdSchema, cols: ColsSchema, rows: RowsSchema }).strict(),
  z.object({ type: z.literal('release-control'), session: SessionIdSchema }).strict(),
  /** Flow control: every output byte before `offset` has been consumed (rendered) by this client. */
  z.object({ type: z.literal('ack', ), session: SessionIdSchema, offset: Offset }).strict(),
  z.object({ type: z.literal('ping'), t: z.number().optional() }).strict(),
  z.object({ type: z.literal('pong'), t: z.number().optional() }).strict(),
  /**
   * What this page shows: the session in view (null: none) and whether its tab is visible, with this
   * browser's push subscription endpoint when it has one. A device showing a session in a visible tab
   * gets no push for it. Send it on every change; the daemon forgets it when the socket closes.
   */
  z
    .object({
      type: z.literal('presence'),
      session: SessionIdSchema.nullable(),
      visible: z.boolean(),
      endpoint: z.string().min(1).max(PUSH_LIMITS.maxEndpointLength).optional(),
    })
    .strict(),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), clientId: z.string(), version: z.string() }),
  z.object({ type: z.literal('sessions'), sessions: z.array(SessionSchema) }),
  z.object({ type: z.literal('session'), session: SessionSchema }),
  z.object({ type: z.literal('session-removed'), id: SessionIdSchema }),
  /** To `subscribe-sessions` subscribers: every pending approval right after `sessions`, then each change. */
  z.object({ type: z.literal('approval'), approval: ApprovalSchema }),
  /** To `subscribe-sessions` subscribers: each new inbox entry, with the unread count after it. */
  z.object({ type: z.literal('notification'), notification: NotificationSchema, unread: z.number().int() }),
  /** Sent once per attach, before any frame for it. */
  z.object({ type: z.literal('attached'), session: SessionSchema, offset: Offset }),
  z.object({ type: z.literal('detached'), session: SessionIdSchema, reason: z.string() }),
  /** Who controls the pty size now; `you` tells the recipient whether it is them. */
  z.object({
    type: z.literal('control'),
    session: SessionIdSchema,
    controller: z.string().nullable(),
    you: z.boolean(),
    cols: z.number().int(),
    rows: z.number().int(),
  }),
  /** The session's process ended; no output follows. */
  z.object({
    type: z.literal('exit'),
    session: SessionIdSchema,
    status: z.string(),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    offset: Offset,
  }),
  z.object({ type: z.literal('error'), code: ErrorCodeSchema, message: z.string(), session: SessionIdSchema.optional() }),
  z.object({ type: z.literal('ping'), t: z.number().optional() }),
  z.object({ type: z.literal('pong'), t: z.number().optional() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
