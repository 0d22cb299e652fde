import { isIPv4, isIPv6 } from 'node:net';
import { IP_MAX_LENGTH } from './constants.js';

/**
 * The bucket a client address is rate limited in. IPv4 addresses stand alone; IPv6 addresses are
 * grouped by /64, the smallest block an ISP hands a customer, or anyone with one line could rotate
 * through 2^64 "clients". IPv4-mapped IPv6 (::ffff:a.b.c.d, as dual-stack sockets report) is IPv4.
 */
export function clientKey(ip: string): string {
  const bare = ip.trim().toLowerCase().replace(/%.*$/, '');
  if (isIPv4(bare)) return bare;
  if (isIPv6(bare)) {
    const hextets = expandIPv6(bare);
    const mapped = hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff;
    if (mapped) return [hextets[6]! >> 8, hextets[6]! & 255, hextets[7]! >> 8, hextets[7]! & 255].join('.');
    return `${hextets
      .slice(0, 4)
      .map((h) => h.toString(16))
      .join(':')}::/64`;
  }
  // Not an address (a proxy's placeholder, a unix socket): still a bucket, just a bounded one.
  return bare.slice(0, IP_MAX_LENGTH);
}

/** Eight 16-bit groups of a valid IPv6 address, with `::` and a trailing dotted quad expanded. */
function expandIPv6(address: string): number[] {
  const parse = (part: string): number[] => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const [a, b, c, d] = piece.split('.').map(Number) as [number, number, number, number];
        groups.push((a << 8) | b, (c << 8) | d);
      } else {
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
