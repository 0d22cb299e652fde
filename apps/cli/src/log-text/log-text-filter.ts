import { LOG_LINE_MAX_CHARS } from '../constants.js';
import { cleanLogLine } from './clean-line.js';

/**
 * Turns a stream of raw output bytes into clean text lines. Works on whole lines only, so an escape
 * sequence or a "\r\n" split across chunks is never cut, and a UTF-8 character split across chunks
 * is reassembled by the streaming decoder.
 */
export class LogTextFilter {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';

  /** The lines completed by this chunk. */
  push(chunk: Uint8Array): string[] {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    this.pending = parts.pop() ?? '';
    if (this.pending.length > LOG_LINE_MAX_CHARS) {
      parts.push(this.pending);
      this.pending = '';
    }
    return parts.map(cleanLogLine);
  }

  /** The unterminated last line, if it has any text (a prompt, a final message without newline). */
  end(): string[] {
    const rest = this.pending + this.decoder.decode();
    this.pending = '';
    const line = cleanLogLine(rest);
    return line.length > 0 ? [line] : [];
  }
}
