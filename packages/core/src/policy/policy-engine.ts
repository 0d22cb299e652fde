import { homedir } from 'node:os';
import { posix } from 'node:path';
import { PolicyActionSchema, ProviderNameSchema, type PolicyAction, type PolicyRule, type PolicyVerdict, type ProviderName } from '@codepiper/protocol';
import type { AuditContext } from '../auth/audit-context.js';
import { IP_MAX_LENGTH } from '../auth/constants.js';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase } from '../storage/database.js';
import { AuditRepository } from '../storage/audit-repository.js';
import { PolicyRuleRepository } from '../storage/policy-rule-repository.js';
import { explainMatch, explainNoMatch } from './explain.js';
import { expandHome } from './path-glob.js';
import { isMcpTool, KNOWN_TOOLS, mainInput, type InputKind } from './main-input.js';
import { RuleMatcher } from './rule-matcher.js';

export interface PolicyEngineOptions {
  database: CodePiperDatabase;
  /** What `~` means in patterns and paths; defaults to the daemon user's home. */
  home?: string;
  now?: () => number;
}

export interface NewRuleRequest {
  action: PolicyAction;
  tool: string;
  input?: string;
  cwd?: string;
  provider?: ProviderName;
  /** A full session id (the daemon resolves prefixes and names first). */
  sessionId?: string;
  priority?: number;
  reason?: string;
}

export interface PolicyQuery {
  tool: string;
  /** The agent's raw tool_input object, or the main input as text (a dry run). */
  toolInput: unknown;
  provider: ProviderName;
  sessionId?: string;
  /** The session's working directory (absolute; `~` is expanded). */
  cwd: string;
}

// The limits of the protocol's CreatePolicyRuleRequestSchema, enforced again for callers inside the daemon.
const PATTERN_MAX = 1024;
const REASON_MAX = 500;
const PRIORITY_LIMIT = 1000;
/** An ambiguity message names this many ids at most. */
const AMBIGUOUS_LIST_MAX = 10;

/**
 * Decides tool calls from the owner's rules: allow, deny, or ask (hold for the owner). Rules are tried
 * in `list()` order — priority (highest first), then scope (session, provider, global), then age
 * (oldest first) — and the first that matches decides; when none does, the answer is ask.
 *
 * A rule matches a call when all of these hold:
 * - scope: a provider rule only for sessions of that provider, a session rule only for that session;
 * - tool: its `tool` is a picomatch glob on the tool name, case-sensitive (`mcp__*`, `*` for all);
 * - cwd: its `cwd`, when set, is a glob on the session's working directory (`~` expanded;
 *   `/home/me/src/**` covers that folder itself and everything below);
 * - input: its `input`, when set, matches the tool's main input (see mainInputOf), read by the tool:
 *   - Bash and Codex commands: a prefix on whole words, or a glob when it has `*`, `?` or `[` (with
 *     `*` crossing `/` and spaces). An allow rule never approves a compound line (`;`, `&&`, `|`,
 *     `$(`, backticks, redirections…) unless its own glob spells such operators out; deny and ask
 *     rules match when any simple command of the line does (RuleMatcher.matchCommand says why);
 *   - file tools: a picomatch path glob (`dot: true`); a relative pattern is relative to the session's
 *     cwd and `~` is the home folder; the file's path is made absolute and normalised first, so no
 *     `..` walks out of a pattern. Symbolic links are not followed: rules judge the path as written;
 *   - WebFetch: a glob on the URL's host, case-insensitive (`*.github.com` does not cover github.com);
 *   - WebSearch: the query, exactly or as a glob;
 *   - tools without a main input (MCP tools, Task, …): only rules without `input` match them.
 * Patterns are compiled when a rule is added; one that does not compile is refused as bad_request.
 */
export class PolicyEngine {
  private readonly rules: PolicyRuleRepository;
  private readonly auditLog: AuditRepository;
  private readonly home: string;
  private readonly now: () => number;
  /** Rules never change once stored, so their compiled form can be kept by id. */
  private readonly matchers = new Map<string, RuleMatcher>();

  constructor(options: PolicyEngineOptions) {
    this.rules = new PolicyRuleRepository(options.database);
    this.auditLog = new AuditRepository(options.database);
    this.home = options.home ?? homedir();
    this.now = options.now ?? Date.now;
  }

  /** Every rule, in the order evaluate() tries them. */
  list(): PolicyRule[] {
    return this.rules.list();
  }

  /** Validates, stores and (with `ctx`) audits a rule as `policy.rule-added`. */
  add(request: NewRuleRequest, ctx?: AuditContext): PolicyRule {
    const draft = this.validate(request);
    return this.rules.transaction(() => {
      const rule = this.rules.insert({ ...draft, id: this.rules.newId() }, this.now());
      if (ctx) this.audit('policy.rule-added', ctx, rule);
      return rule;
    });
  }

  /** Deletes the rule with this id or unique id prefix and (with `ctx`) audits it as `policy.rule-removed`. */
  remove(ref: string, ctx?: AuditContext): PolicyRule {
    return this.rules.transaction(() => {
      const rule = this.resolve(ref);
      this.rules.remove(rule.id);
      this.matchers.delete(rule.id);
      if (ctx) this.audit('policy.rule-removed', ctx, rule);
      return rule;
    });
  }

  /** Which rule decides this tool call, and a sentence saying why. Never throws for a stored rule. */
  evaluate(query: PolicyQuery): PolicyVerdict {
    const cwd = this.absoluteCwd(query.cwd);
    const input = mainInput(query.tool, query.toolInput);
    const call = { tool: query.tool, provider: query.provider, sessionId: query.sessionId, cwd };
    const rules = this.rules.list();
    this.forgetRemovedRules(rules);
    let heldBack: PolicyRule | undefined;
    for (const rule of rules) {
      const matcher = this.matcher(rule);
      if (!matcher?.applies(call)) continue;
      const outcome = matcher.matchInput(input, cwd);
      if (outcome === 'match') return { action: rule.action, rule, explanation: explainMatch(rule, query.tool, input) };
      if (outcome === 'compound') heldBack ??= rule;
    }
    return { action: 'ask', rule: null, explanation: explainNoMatch(query.tool, input, heldBack) };
  }

  private validate(request: NewRuleRequest): Omit<Parameters<PolicyRuleRepository['insert']>[0], 'id'> {
    const action = PolicyActionSchema.safeParse(request.action);
    if (!action.success) throw new CoreError('bad_request', 'an action is allow, deny or ask');
    const tool = pattern(request.tool, 'tool');
    if (tool === null) throw new CoreError('bad_request', 'name the tool (a glob such as Bash, Edit or mcp__*)');
    const input = pattern(request.input, 'input');
    const cwd = pattern(request.cwd, 'cwd');
    if (cwd !== null && !/^[/~*]/.test(cwd)) throw new CoreError('bad_request', `the cwd pattern "${cwd}" must be absolute (start with / or ~)`);
    if (request.provider !== undefined && request.sessionId !== undefined) {
      throw new CoreError('bad_request', 'a rule is scoped to a session or to a provider, not both');
    }
    if (request.provider !== undefined && !ProviderNameSchema.safeParse(request.provider).success) {
      throw new CoreError('bad_request', `unknown provider "${String(request.provider)}"`);
    }
    const priority = request.priority ?? 0;
    if (!Number.isInteger(priority) || Math.abs(priority) > PRIORITY_LIMIT) {
      throw new CoreError('bad_request', `priority is a whole number between -${PRIORITY_LIMIT} and ${PRIORITY_LIMIT}`);
    }
    const reason = request.reason?.trim() || null;
    if (reason !== null && reason.length > REASON_MAX) throw new CoreError('bad_request', `a reason is at most ${REASON_MAX} characters`);

    const draft = {
      action: action.data,
      tool,
      input,
      cwd,
      provider: request.provider ?? null,
      sessionId: request.sessionId ?? null,
      priority,
      reason,
    };
    const matcher = new RuleMatcher(
      { ...draft, id: 'draft', scope: 'global', session: draft.sessionId, createdAt: '' },
      this.home,
    );
    if (input !== null) {
      const kinds = this.reachableKinds(tool, matcher);
      if (kinds.size === 0) {
        throw new CoreError('bad_request', `"${tool}" names no tool with a main input to match (only Bash, file tools, WebFetch and WebSearch have one): drop the input pattern`);
      }
      matcher.validateInput(kinds);
    }
    return draft;
  }

  /** How the input pattern will be read: the kinds of the known tools the tool glob covers. */
  private reachableKinds(tool: string, matcher: RuleMatcher): Set<InputKind> {
    if (isMcpTool(tool)) return new Set();
    return new Set(Object.entries(KNOWN_TOOLS).flatMap(([name, kind]) => (matcher.matchesTool(name) ? [kind] : [])));
  }

  private resolve(ref: string): PolicyRule {
    const exact = this.rules.get(ref);
    if (exact) return exact;
    const matches = this.rules.findByIdPrefix(ref);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const ids = matches.slice(0, AMBIGUOUS_LIST_MAX).map((m) => m.id);
      throw new CoreError('ambiguous', `"${ref}" matches ${matches.length} policy rules: ${ids.join(', ')}${matches.length > AMBIGUOUS_LIST_MAX ? ', …' : ''}`);
    }
    throw new CoreError('not_found', `no policy rule matches "${ref}"`);
  }

  private absoluteCwd(cwd: string): string {
    const expanded = expandHome(cwd, this.home);
    if (!posix.isAbsolute(expanded)) throw new CoreError('bad_request', `cwd must be an absolute path, got "${cwd}"`);
    return posix.resolve(expanded);
  }

  /** The compiled rule; undefined for one that no longer compiles (stored by another version), which is skipped. */
  private matcher(rule: PolicyRule): RuleMatcher | undefined {
    let matcher = this.matchers.get(rule.id);
    if (!matcher) {
      try {
        matcher = new RuleMatcher(rule, this.home);
      } catch {
        return undefined;
      }
      this.matchers.set(rule.id, matcher);
    }
    return matcher;
  }

  /** Session rules vanish with their session (a cascade the engine does not see). */
  private forgetRemovedRules(rules: readonly PolicyRule[]): void {
    if (this.matchers.size <= rules.length) return;
    const ids = new Set(rules.map((r) => r.id));
    for (const id of this.matchers.keys()) if (!ids.has(id)) this.matchers.delete(id);
  }

  private audit(type: string, ctx: AuditContext, rule: PolicyRule): void {
    this.auditLog.add({ type, actor: ctx.actor, ip: ctx.ip?.slice(0, IP_MAX_LENGTH) ?? null, detail: rule }, this.now());
  }
}

/** A trimmed pattern, null when absent; empty or overlong ones are refused. */
function pattern(value: string | undefined, what: string): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') throw new CoreError('bad_request', `the ${what} pattern cannot be empty`);
  if (trimmed.length > PATTERN_MAX) throw new CoreError('bad_request', `the ${what} pattern is at most ${PATTERN_MAX} characters`);
  return trimmed;
}
