/** Keeps the last `limit` items pushed: `--lines N` over a stream without holding the whole log. */
export class TailBuffer<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(private readonly limit: number) {}

  push(item: T): void {
    if (this.limit <= 0) return;
    if (this.items.length < this.limit) {
      this.items.push(item);
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.limit;
  }

  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }
}

/**
 * The last `count` lines of raw bytes. A final "\n" ends the last line rather than starting an empty
 * one, so `tail -n`-like counting holds.
 */
export function tailLines(data: Uint8Array, count: number): Uint8Array {
  if (count <= 0) return data.subarray(data.length);
  let end = data.length;
  if (end > 0 && data[end - 1] === 0x0a) end--;
  let position = end;
  let seen = 0;
  while (position > 0) {
    const index = data.lastIndexOf(0x0a, position - 1);
    if (index === -1) return data;
    seen++;
    if (seen === count) return data.subarray(index + 1);
    position = index;
  }
  return data;
}
