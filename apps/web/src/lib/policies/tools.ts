/** Suggestions for tool fields; any tool name or glob is accepted. */
export const TOOL_SUGGESTIONS = ['Bash', 'Read', 'Edit', 'Write', 'MultiEdit', 'Glob', 'Grep', 'WebFetch', 'WebSearch', 'NotebookEdit', 'mcp__*', 'exec_command', 'shell', '*'] as const;
