import { utf8ByteLength } from '@codepiper/protocol';
import { QUEUED_INPUT_MAX_BYTES } from '../constants';

export interface QueuedInput {
  session: string;
  /** One thing the user did (a key, a prompt and its Enter), sent as these messages in order. */
  parts: string[];
}

const sizeOf = (item: QueuedInput) => item.parts.reduce((sum, part) => sum + utf8ByteLength(part), 0);

/** Input typed while the socket is down, kept in order and bounded in bytes; its length counts user actions. */
export class InputQueue {
  private items: QueuedInput[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes = QUEUED_INPUT_MAX_BYTES) {}

  get length(): number {
    return this.items.length;
  }

  /** False when the input would exceed the bound: the caller must tell the user it was not kept. */
  push(item: QueuedInput): boolean {
    const size = sizeOf(item);
    if (this.bytes + size > this.maxBytes) return false;
    this.items.push(item);
    this.bytes += size;
    return true;
  }

  /** Everything queued, oldest first; the queue is empty afterwards. */
  drain(): QueuedInput[] {
    const out = this.items;
    this.items = [];
    this.bytes = 0;
    return out;
  }

  /** Drops what was queued for a session that is no longer attached or running. */
  dropSession(session: string): void {
    this.items = this.items.filter((item) => item.session !== session);
    this.bytes = this.items.reduce((sum, item) => sum + sizeOf(item), 0);
  }
}
