import type { PolicyRule, ProviderName } from '@codepiper/protocol';
import type { MainInput } from './main-input.js';
import { compileGlob, expandHome, PATH_GLOB_OPTIONS, resolveFilePath, resolvePathPattern } from './path-glob.js';
import { commandSegments, hasShellControl, normaliseCommand } from './shell-command.js';
import { compileTextGlob, hasGlobChars } from './text-glob.js';

/** Where a tool call happens, as far as a rule's scope, tool and cwd are concerned. */
export interface CallContext {
  tool: string;
  provider: ProviderName;
  sessionId: string | undefined;
  /** Absolute and normalised. */
  cwd: string;
}

/**
 * - `match`: the rule decides.
 * - `compound`: an allow rule whose prefix or glob would match the first command of a compound command
 *   line, held back because the line runs more than that command (reported by dry runs).
 * - `none`: the rule does not apply.
 */
export type InputMatch = 'match' | 'compound' | 'none';

const TOOL_GLOB_OPTIONS = { dot: true, strictBrackets: true } as const;
/** Host names are case-insensitive. A host has no `/`, so `*` spans labels: `*.github.com` covers `api.v2.github.com`. */
const HOST_GLOB_OPTIONS = { dot: true, nocase: true, strictBrackets: true } as const;

/**
 * One rule compiled once: its tool and cwd globs, and its input pattern for every way an input can be
 * read. Compilation throws a bad_request CoreError for a pattern that does not compile, which is how
 * rules are validated before they are stored.
 */
export class RuleMatcher {
  private readonly toolMatches: (tool: string) => boolean;
  private readonly cwdMatches: ((cwd: string) => boolean) | undefined;
  private commandGlob: RegExp | undefined;
  private hostMatches: ((host: string) => boolean) | undefined;

  constructor(
    readonly rule: PolicyRule,
    private readonly home: string,
  ) {
    this.toolMatches = compileGlob(rule.tool, TOOL_GLOB_OPTIONS, 'the tool pattern');
    this.cwdMatches = rule.cwd === null ? undefined : compileGlob(expandHome(rule.cwd, home), PATH_GLOB_OPTIONS, 'the cwd pattern');
  }

  matchesTool(tool: string): boolean {
    return this.toolMatches(tool);
  }

  /** Scope, tool and cwd: whether the rule concerns this call at all, before its input is looked at. */
  applies(call: CallContext): boolean {
    const { rule } = this;
    if (rule.scope === 'session' && rule.session !== call.sessionId) return false;
    if (rule.scope === 'provider' && rule.provider !== call.provider) return false;
    if (!this.toolMatches(call.tool)) return false;
    return this.cwdMatches === undefined || this.cwdMatches(call.cwd);
  }

  /** The rule's input pattern against the call's main input (null: the tool has none). */
  matchInput(input: MainInput | null, cwd: string): InputMatch {
    const pattern = this.rule.input;
    if (pattern === null) return 'match';
    if (input === null) return 'none';
    switch (input.kind) {
      case 'command':
        return this.matchCommand(pattern, input.text);
      case 'path':
        return compileGlob(resolvePathPattern(pattern, cwd, this.home), PATH_GLOB_OPTIONS, 'the input pattern')(resolveFilePath(input.text, cwd, this.home))
          ? 'match'
          : 'none';
      case 'host':
        this.hostMatches ??= compileGlob(pattern, HOST_GLOB_OPTIONS, 'the input pattern');
        return this.hostMatches(input.text) ? 'match' : 'none';
      case 'text':
        return this.textMatches(pattern, input.text) ? 'match' : 'none';
    }
  }

  /** Compiles the input pattern for a command and a path, so add() can refuse what would only fail later. */
  validateInput(kinds: ReadonlySet<MainInput['kind']>): void {
    const pattern = this.rule.input;
    if (pattern === null) return;
    if ((kinds.has('command') || kinds.has('text')) && hasGlobChars(pattern)) this.commandGlob = compileTextGlob(normaliseCommand(pattern));
    if (kinds.has('path')) compileGlob(resolvePathPattern(pattern, '/', this.home), PATH_GLOB_OPTIONS, 'the input pattern');
    if (kinds.has('host')) this.hostMatches = compileGlob(pattern, HOST_GLOB_OPTIONS, 'the input pattern');
  }

  /**
   * Bash and Codex commands. A pattern without glob characters is a command prefix on whole words
   * (`git status` matches `git status --short`, not `git statuses`); with them, a glob on the whole
   * command in which `*` crosses `/` and spaces. Whitespace runs count as one space on both sides.
   *
   * An allow rule approves only a simple command: a line with shell operators (`;`, `&&`, `|`, `$(`,
   * redirections, …) does not match a prefix or a plain glob, because `allow git` must never approve
   * `git status; rm -rf ~`. Only a glob that itself contains such operators (the owner spelling out a
   * pipeline) is tried on a compound line, and a plain pattern equal to the whole line (an approval
   * remembered for exactly that line approves exactly that line again, never a longer one). Deny and
   * ask rules are the cautious side: they match when the whole line or ANY of its simple commands
   * matches, so `deny rm` catches `ls && rm -rf x`.
   */
  private matchCommand(pattern: string, command: string): InputMatch {
    const line = normaliseCommand(command);
    const test = this.commandTest(pattern);
    if (this.rule.action !== 'allow') return test(line) || commandSegments(command).some(test) ? 'match' : 'none';
    if (!hasShellControl(line)) return test(line) ? 'match' : 'none';
    if (hasGlobChars(pattern) ? hasShellControl(pattern) && test(line) : normaliseCommand(pattern) === line) return 'match';
    const first = commandSegments(command)[0];
    return first !== undefined && test(first) ? 'compound' : 'none';
  }

  private commandTest(pattern: string): (command: string) => boolean {
    if (hasGlobChars(pattern)) {
      this.commandGlob ??= compileTextGlob(normaliseCommand(pattern));
      const glob = this.commandGlob;
      return (command) => glob.test(command);
    }
    const prefix = normaliseCommand(pattern);
    return (command) => command === prefix || command.startsWith(`${prefix} `);
  }

  /** Other text (a search query): a whole-text glob, or exact text without glob characters. */
  private textMatches(pattern: string, text: string): boolean {
    if (!hasGlobChars(pattern)) return text === pattern;
    this.commandGlob ??= compileTextGlob(normaliseCommand(pattern));
    return this.commandGlob.test(text);
  }
}
