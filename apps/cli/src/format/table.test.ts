import { describe, expect, it } from 'vitest';
import { formatTable, truncateEnd, truncateStart } from './table.js';

describe('formatTable', () => {
  it('aligns columns two spaces apart under the header without trailing blanks', () => {
    const text = formatTable(['ID', 'NAME', 'AGE'], [['a1b2c3d4', 'api', '5m'], ['e5f6a7b8', 'a-much-longer-name', '1h']]);
    expect(text.split('\n')).toEqual(['ID        NAME                AGE', 'a1b2c3d4  api                 5m', 'e5f6a7b8  a-much-longer-name  1h']);
  });

  it('prints only the header for no rows', () => {
    expect(formatTable(['ID', 'NAME'], [])).toBe('ID  NAME');
  });
});

describe('truncation', () => {
  it('cuts the end of long text with an ellipsis, keeping the width', () => {
    expect(truncateEnd('abcdefghij', 5)).toBe('abcd…');
    expect(truncateEnd('abc', 5)).toBe('abc');
  });

  it('cuts the start of long paths, keeping the informative end', () => {
    expect(truncateStart('/very/long/path/to/project', 10)).toBe('…o/project');
    expect(truncateStart('/tmp', 10)).toBe('/tmp');
  });
});
