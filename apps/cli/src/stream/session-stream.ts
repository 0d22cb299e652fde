import type { ClientMessage, ServerMessage } from '@codepiper/protocol';
import { SessionSocket } from '../client/index.js';
import type { CommandContext } from '../context.js';
import { CliError, fromCodedError } from '../errors.js';
import { OutputSequencer, type OutputStep, type SequencerMode } from './output-sequencer.js';

export type ExitMessage = Extract<ServerMessage, { type: 'exit' }>;
type AttachMessage = Extract<ClientMessage, { type: 'attach' }>;

/** How a stream ended: the process exited, the daemon detached this client, or this side stopped. */
export type StreamEnd = { reason: 'exit'; exit: ExitMessage } | { reason: 'detached'; why: string } | { reason: 'stopped' };

/**
 * Where the stream's bytes go. A returned promise means "full, wait": the socket is paused until it
 * settles, so a slow consumer (a pipe to a slow ssh link) never makes this process buffer without bound.
 */
export interface OutputSink {
  write(bytes: Uint8Array): Promise<void> | void;
  screen(payload: Uint8Array): Promise<void> | void;
}

export interface SessionStreamOptions {
  sessionId: string;
  attach: Omit<AttachMessage, 'type' | 'session'>;
  mode: SequencerMode;
  /** Offset of the first byte wanted (with `from`: nothing before it is shown). */
  expected?: number;
  sink: OutputSink;
}

/**
 * One attached session: the socket, the sequencer that keeps the output exact, and a queue that
 * applies its steps in order (a gap fill reads the log over HTTP while later frames wait their turn).
 */
export class SessionStream {
  readonly done: Promise<StreamEnd>;
  private settle!: (end: StreamEnd) => void;
  private fail!: (error: unknown) => void;
  private queue: Promise<void> = Promise.resolve();
  private attached = false;
  private finished = false;
  private socket!: SessionSocket;
  private readonly sequencer: OutputSequencer;

  private constructor(
    private readonly ctx: CommandContext,
    private readonly options: SessionStreamOptions,
  ) {
    this.sequencer = new OutputSequencer(options.mode, options.expected);
    this.done = new Promise<StreamEnd>((resolveEnd, rejectEnd) => {
      this.settle = resolveEnd;
      this.fail = rejectEnd;
    });
    // A stream that is given up on must not surface as an unhandled rejection.
    this.done.catch(() => undefined);
  }

  static async open(ctx: CommandContext, options: SessionStreamOptions): Promise<SessionStream> {
    const stream = new SessionStream(ctx, options);
    stream.socket = await SessionSocket.connect(ctx.client.transport, {
      message: (message) => stream.onMessage(message),
      frame: (frame) => {
        if (frame.sessionId !== options.sessionId) return;
        if (frame.kind === 'snapshot') stream.enqueue(stream.sequencer.snapshot(frame.offset, frame.payload));
        else if (frame.kind === 'output') stream.enqueue(stream.sequencer.output(frame.offset, frame.payload));
      },
      closed: (error) => {
        if (error) stream.finishWith(() => stream.fail(error));
        else stream.finishWith(() => stream.settle({ reason: 'stopped' }));
      },
    });
    stream.socket.send({ type: 'attach', session: options.sessionId, ...options.attach });
    return stream;
  }

  /** For interactive clients: send control messages (resize, take-control) on this connection. */
  send(message: ClientMessage): void {
    this.socket.send(message);
  }

  sendInput(data: Uint8Array): void {
    this.socket.sendInput(this.options.sessionId, data);
  }

  /** Ends the stream from this side (Ctrl-C, the detach key); `done` resolves with `stopped`. */
  stop(): void {
    this.finishWith(() => this.settle({ reason: 'stopped' }));
    this.socket.close();
  }

  private onMessage(message: ServerMessage): void {
    const id = this.options.sessionId;
    switch (message.type) {
      case 'attached':
        if (message.session.id === id) this.attached = true;
        return;
      case 'exit':
        if (message.session === id) this.afterQueue(() => this.settle({ reason: 'exit', exit: message }));
        return;
      case 'detached':
        if (message.session === id) this.afterQueue(() => this.settle({ reason: 'detached', why: message.reason }));
        return;
      case 'error':
        // Before `attached` an error means the attach itself failed (no such session, bad size…).
        if (!this.attached) {
          this.finishWith(() => this.fail(fromCodedError(message.code, message.message)));
          this.socket.close();
        }
        // Later errors answer a keystroke or resize that raced the session's end: nothing to report.
        return;
    }
  }

  private enqueue(steps: OutputStep[]): void {
    if (steps.length === 0 || this.finished) return;
    this.queue = this.queue.then(() => this.apply(steps)).catch((error: unknown) => this.finishWith(() => this.fail(error)));
  }

  private afterQueue(action: () => void): void {
    this.queue = this.queue.then(() => {
      this.finishWith(action);
      this.socket.close();
    });
  }

  private finishWith(action: () => void): void {
    if (this.finished) return;
    this.finished = true;
    action();
  }

  private async apply(steps: OutputStep[]): Promise<void> {
    for (const step of steps) {
      if (this.finished) return;
      if (step.kind === 'write') await this.paced(this.options.sink.write(step.bytes));
      else if (step.kind === 'screen') await this.paced(this.options.sink.screen(step.payload));
      else await this.fill(step.from, step.to);
    }
  }

  /** Pauses the socket while the sink is full. */
  private async paced(result: Promise<void> | void): Promise<void> {
    if (!result) return;
    this.socket.pause();
    try {
      await result;
    } finally {
      this.socket.resume();
    }
  }

  /** Copies log bytes [from, to) to the sink: the part of the stream the socket skipped. */
  private async fill(from: number, to: number): Promise<void> {
    this.socket.pause();
    try {
      const log = await this.ctx.client.openLog(this.options.sessionId, from);
      let position = log.bodyStart;
      try {
        for await (const chunk of log.body as AsyncIterable<Buffer>) {
          if (position >= to || this.finished) break;
          const wanted = chunk.subarray(0, Math.max(0, to - position));
          position += chunk.length;
          if (wanted.length > 0) await this.options.sink.write(wanted);
        }
      } finally {
        log.body.destroy();
      }
    } catch (error) {
      throw error instanceof CliError ? error : new CliError(`could not read the missing output from the log: ${String(error)}`);
    } finally {
      this.socket.resume();
    }
  }
}
