import { describe, expect, it } from 'vitest';
import { LOG_LINE_MAX_CHARS } from '../constants.js';
import { LogTextFilter } from './log-text-filter.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

describe('LogTextFilter', () => {
  it('returns clean lines as they complete and holds the unfinished one', () => {
    const filter = new LogTextFilter();
    expect(filter.push(bytes('\x1b[31mone\x1b[0m\r\ntw'))).toEqual(['one']);
    expect(filter.push(bytes('o\r\nthree'))).toEqual(['two']);
    expect(filter.end()).toEqual(['three']);
  });

  it('reassembles an escape sequence and a CRLF split across chunks', () => {
    const filter = new LogTextFilter();
    expect(filter.push(bytes('a\x1b[3'))).toEqual([]);
    expect(filter.push(bytes('2mred\r'))).toEqual([]);
    expect(filter.push(bytes('\nb\n'))).toEqual(['ared', 'b']);
  });

  it('reassembles a UTF-8 character split across chunks', () => {
    const euro = Buffer.from('€\n', 'utf8');
    const filter = new LogTextFilter();
    expect(filter.push(euro.subarray(0, 1))).toEqual([]);
    expect(filter.push(euro.subarray(1))).toEqual(['€']);
  });

  it('reports nothing at the end when the output ended with a newline', () => {
    const filter = new LogTextFilter();
    filter.push(bytes('last\n'));
    expect(filter.end()).toEqual([]);
  });

  it('flushes a line that never ends once it exceeds the bound', () => {
    const filter = new LogTextFilter();
    const lines = filter.push(bytes('x'.repeat(LOG_LINE_MAX_CHARS + 10)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveLength(LOG_LINE_MAX_CHARS + 10);
    expect(filter.end()).toEqual([]);
  });
});
