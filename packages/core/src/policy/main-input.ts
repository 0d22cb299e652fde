/**
 * How a rule's `input` pattern is read against a tool: a shell command (prefix or command glob), a file
 * path (path glob resolved against the session's cwd), a host name (case-insensitive glob), or plain text.
 */
export type InputKind = 'command' | 'path' | 'host' | 'text';

/** The one field of a tool call a rule's `input` is matched against, and how to read it. */
export interface MainInput {
  kind: InputKind;
  text: string;
}

/** Claude's Bash, Codex's exec_command and shell. */
const COMMAND_TOOLS = new Set(['Bash', 'exec_command', 'shell']);
/** File tools and the fields naming their file, in order of preference. */
const PATH_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Read: ['file_path'],
  Write: ['file_path'],
  Edit: ['file_path'],
  MultiEdit: ['file_path'],
  NotebookEdit: ['notebook_path'],
  Glob: ['path', 'pattern'],
  Grep: ['path', 'pattern'],
};
const TEXT_FIELDS: Readonly<Record<string, string>> = { WebSearch: 'query' };
/** Shells whose `-c` script is the real command of a Codex argv such as `["bash", "-lc", "git status"]`. */
const SCRIPT_SHELLS = new Set(['bash', 'sh', 'zsh', 'dash']);

/** Tool names whose input kind is known, for checking which kinds a rule's tool glob can reach. */
export const KNOWN_TOOLS: Readonly<Record<string, InputKind>> = {
  ...Object.fromEntries([...COMMAND_TOOLS].map((tool) => [tool, 'command' as const])),
  ...Object.fromEntries(Object.keys(PATH_FIELDS).map((tool) => [tool, 'path' as const])),
  WebFetch: 'host',
  WebSearch: 'text',
};

/** MCP tools carry arbitrary arguments: there is no main input to match a pattern against. */
export function isMcpTool(tool: string): boolean {
  return tool.startsWith('mcp__');
}

/** How a tool's main input is read; null for tools without one (MCP tools, Task, …). */
export function inputKindOf(tool: string): InputKind | null {
  return Object.prototype.hasOwnProperty.call(KNOWN_TOOLS, tool) ? KNOWN_TOOLS[tool]! : null;
}

/**
 * The tool's main input: Bash's `command`; the file tools' `file_path` (`notebook_path`, or Glob/Grep's
 * `path`, else their `pattern`); WebFetch's URL's host; WebSearch's `query`; Codex's `cmd`/`command`
 * (an argv is joined with spaces, and `bash -c <script>` is its script). Null for MCP and other tools.
 * A string `toolInput` (a dry run's `--input`) is the main input itself, a URL still yielding its host;
 * for a tool without a main input it is ignored too, so a dry run decides as the real call would.
 */
export function mainInputOf(tool: string, toolInput: unknown): string | null {
  return mainInput(tool, toolInput)?.text ?? null;
}

export function mainInput(tool: string, toolInput: unknown): MainInput | null {
  const kind = inputKindOf(tool);
  if (kind === null) return null;
  if (typeof toolInput === 'string') {
    if (kind === 'host') return hostOf(toolInput);
    return { kind, text: toolInput };
  }
  if (!isRecord(toolInput)) return null;
  if (kind === 'command') return textResult('command', commandText(toolInput.command ?? toolInput.cmd));
  const pathFields = PATH_FIELDS[tool];
  if (pathFields) {
    for (const field of pathFields) {
      const value = toolInput[field];
      if (typeof value === 'string' && value !== '') return { kind: 'path', text: value };
    }
    return null;
  }
  if (tool === 'WebFetch') return typeof toolInput.url === 'string' ? hostOf(toolInput.url) : null;
  const textField = TEXT_FIELDS[tool];
  if (textField) return textResult('text', toolInput[textField]);
  return null;
}

/** The URL's host, lower-case without a trailing dot; a bare host name is taken as one. */
function hostOf(url: string): MainInput | null {
  const trimmed = url.trim();
  for (const candidate of [trimmed, `https://${trimmed}`]) {
    try {
      const host = new URL(candidate).hostname.toLowerCase().replace(/\.$/, '');
      if (host !== '') return { kind: 'host', text: host };
    } catch {
      // Not a URL as given; try it as a bare host next.
    }
  }
  return null;
}

function commandText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value) || !value.every((part): part is string => typeof part === 'string')) return null;
  const [program, flag, script] = value;
  if (value.length === 3 && program !== undefined && SCRIPT_SHELLS.has(program.split('/').pop()!) && /^-l?c$/.test(flag ?? '')) return script!;
  return value.join(' ');
}

function textResult(kind: InputKind, value: unknown): MainInput | null {
  return typeof value === 'string' ? { kind, text: value } : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
