import type { PolicyRule } from '@codepiper/protocol';
import { POLICY_EXPLANATION_QUOTE_MAX_CHARS } from '../constants.js';
import type { MainInput } from './main-input.js';
import { oneLine } from './summarize-tool-input.js';

const KIND_NOUN: Readonly<Record<MainInput['kind'], string>> = { command: 'command', path: 'path', host: 'host', text: 'input' };

function quote(text: string): string {
  return `"${oneLine(text, POLICY_EXPLANATION_QUOTE_MAX_CHARS)}"`;
}

/** `1a2b3c4d (deny Bash "rm -rf *" in "/srv/**", provider claude, priority 0)`. */
export function describeRule(rule: PolicyRule): string {
  const input = rule.input === null ? '' : ` ${quote(rule.input)}`;
  const cwd = rule.cwd === null ? '' : ` in ${quote(rule.cwd)}`;
  const scope = rule.scope === 'session' ? `session ${rule.session ?? '?'}` : rule.scope === 'provider' ? `provider ${rule.provider ?? '?'}` : 'global';
  return `${rule.id} (${rule.action} ${oneLine(rule.tool, POLICY_EXPLANATION_QUOTE_MAX_CHARS)}${input}${cwd}, ${scope}, priority ${rule.priority})`;
}

/** The tool call as a verdict names it: `Bash "ls -la"`, or just the tool when it has no main input. */
function describeCall(tool: string, input: MainInput | null): string {
  const name = oneLine(tool, POLICY_EXPLANATION_QUOTE_MAX_CHARS);
  return input === null ? name : `${name} ${quote(input.text)}`;
}

/** `rule … matched the command "rm -rf /tmp/x"`, or `… matched every Read call` for a rule without input. */
export function explainMatch(rule: PolicyRule, tool: string, input: MainInput | null): string {
  const what = rule.input === null ? `matched ${describeCall(tool, input)}` : `matched the ${KIND_NOUN[input!.kind]} ${quote(input!.text)}`;
  return `rule ${describeRule(rule)} ${what}`;
}

/**
 * `no rule matched Bash "ls": ask`; when an allow rule was held back because the line is compound, the
 * sentence says which, so a dry run shows why `allow git` did not approve `git status; rm -rf ~`.
 */
export function explainNoMatch(tool: string, input: MainInput | null, heldBack: PolicyRule | undefined): string {
  const base = `no rule matched ${describeCall(tool, input)}: ask`;
  if (!heldBack) return base;
  return `${base} (rule ${heldBack.id} allows ${quote(heldBack.input ?? '')} only as a single command, and this line chains or redirects commands)`;
}
