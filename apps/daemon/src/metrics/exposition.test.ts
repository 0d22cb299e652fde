import { describe, expect, it } from 'vitest';
import { renderExposition } from './exposition.js';
import { parseExposition } from './test-support/parse-exposition.js';

describe('renderExposition', () => {
  it('writes HELP, TYPE and samples per family, with labels, ending in a newline', () => {
    const text = renderExposition([
      { name: 'a_total', help: 'Things.', type: 'counter', samples: [{ labels: { kind: 'x' }, value: 3 }, { labels: { kind: 'y' }, value: 0 }] },
      { name: 'b', help: 'A gauge.', type: 'gauge', samples: [{ value: 1.5 }] },
    ]);
    expect(text).toBe('# HELP a_total Things.\n# TYPE a_total counter\na_total{kind="x"} 3\na_total{kind="y"} 0\n# HELP b A gauge.\n# TYPE b gauge\nb 1.5\n');
  });

  it('escapes help text and label values, and spells infinities and NaN as Prometheus does', () => {
    const text = renderExposition([
      { name: 'c', help: 'line\none \\ two', type: 'gauge', samples: [{ labels: { v: 'say "hi"\\\n' }, value: Infinity }, { labels: { v: 'n' }, value: Number.NaN }, { labels: { v: 'm' }, value: -Infinity }] },
    ]);
    expect(text).toContain('# HELP c line\\none \\\\ two\n');
    expect(text).toContain('c{v="say \\"hi\\"\\\\\\n"} +Inf\n');
    expect(text).toContain('c{v="n"} NaN\nc{v="m"} -Inf\n');
    const parsed = parseExposition(text).get('c')!;
    expect(parsed.help).toBe('line\none \\ two');
    expect(parsed.samples[0]).toEqual({ labels: { v: 'say "hi"\\\n' }, value: Infinity });
  });

  it('refuses names Prometheus would reject', () => {
    expect(() => renderExposition([{ name: '1bad', help: '', type: 'gauge', samples: [] }])).toThrow(/invalid metric name/);
    expect(() => renderExposition([{ name: 'ok', help: '', type: 'gauge', samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] }])).toThrow(/invalid label name/);
    expect(() => renderExposition([{ name: 'ok', help: '', type: 'gauge', samples: [{ labels: { __reserved: 'x' }, value: 1 }] }])).toThrow(/invalid label name/);
  });
});
