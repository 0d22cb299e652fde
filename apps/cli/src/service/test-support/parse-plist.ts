/**
 * A strict reader of the XML property lists we generate (dict, array, key, string, integer, true,
 * false; comments, the XML declaration and the DOCTYPE): every tag must be balanced and every dict
 * must alternate key and value, or it throws. Where plutil exists the tests ask it as well.
 */
export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

export function parsePlist(xml: string): PlistValue {
  const body = xml
    .replace(/^<\?xml[^?]*\?>\s*/, '')
    .replace(/<!DOCTYPE[^>]*>\s*/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const tokens = body.match(/<[^>]+>|[^<]+/g) ?? [];
  let index = 0;
  const next = (): string => {
    while (index < tokens.length && tokens[index]!.trim() === '') index++;
    const token = tokens[index++];
    if (token === undefined) throw new Error('unexpected end of plist');
    return token;
  };
  const text = (close: string): string => {
    const token = tokens[index];
    let value = '';
    if (token !== undefined && !token.startsWith('<')) {
      value = token;
      index++;
    }
    if (next() !== close) throw new Error(`expected ${close}`);
    if (/&(?!amp;|lt;|gt;|quot;|apos;)/.test(value)) throw new Error(`unescaped & in ${value}`);
    return value.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => ENTITIES[entity]!);
  };
  const value = (open: string): PlistValue => {
    switch (open) {
      case '<string>':
        return text('</string>');
      case '<integer>': {
        const digits = text('</integer>');
        if (!/^-?\d+$/.test(digits)) throw new Error(`bad integer ${digits}`);
        return Number(digits);
      }
      case '<true/>':
        return true;
      case '<false/>':
        return false;
      case '<array>': {
        const items: PlistValue[] = [];
        for (let token = next(); token !== '</array>'; token = next()) items.push(value(token));
        return items;
      }
      case '<dict>': {
        const dict: Record<string, PlistValue> = {};
        for (let token = next(); token !== '</dict>'; token = next()) {
          if (token !== '<key>') throw new Error(`expected <key> in a dict, got ${token}`);
          const key = text('</key>');
          dict[key] = value(next());
        }
        return dict;
      }
      default:
        throw new Error(`unexpected ${open}`);
    }
  };
  if (next() !== '<plist version="1.0">') throw new Error('expected <plist version="1.0">');
  const root = value(next());
  if (next() !== '</plist>') throw new Error('expected </plist>');
  if (tokens.slice(index).some((t) => t.trim() !== '')) throw new Error('content after </plist>');
  return root;
}
