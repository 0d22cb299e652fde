import { mainInput } from './main-input.js';
import { escapeGlob } from './path-glob.js';
import { hasGlobChars } from './text-glob.js';

/**
 * An `input` pattern that matches this very call's main input, for rules made from one call (an
 * approval the owner asked to remember): glob characters in a path (`src/routes/[id]/+page.ts`) or a
 * command (`ls *.ts`) are escaped so they stand for themselves. A command without any stays a plain
 * pattern: a prefix on whole words for a simple command, the exact line for a compound one. Null when
 * the tool has no main input (the rule then goes without one).
 */
export function literalInputPattern(tool: string, toolInput: unknown): string | null {
  const input = mainInput(tool, toolInput);
  if (input === null) return null;
  if (input.kind === 'path' || input.kind === 'host') return escapeGlob(input.text);
  return hasGlobChars(input.text) ? input.text.replace(/[\\*?[]/g, '\\$&') : input.text;
}
