import { expect } from 'vitest';
import { ErrorResponseSchema } from '@codepiper/protocol';
import type { HttpAnswer } from './http-client.js';

/** A stack frame, a source file reference, or an internal error class name. */
export const INTERNALS = /\bat\s+\S+\s+\(|\bat\s+(file:|node:|\/)|\.[cm]?[jt]s:\d+|node_modules|ZodError|"issues"|Error:\s/;

/** An error answer is `{error: {code, message}}` with a message, no internals and none of `forbidden`. */
export function expectCleanError(answer: HttpAnswer, what: string, forbidden: string[] = []): void {
  const text = answer.body.toString('utf8');
  const parsed = ErrorResponseSchema.safeParse(JSON.parse(text));
  expect(parsed.success, `${what}: ${text}`).toBe(true);
  expect(parsed.data!.error.message.length, what).toBeGreaterThan(0);
  expect(text, what).not.toMatch(INTERNALS);
  for (const secret of forbidden) expect(text, what).not.toContain(secret);
}
