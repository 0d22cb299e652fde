export { LineEditor, type EditOutcome, type EditStep, type LineEditorOptions } from './line-editor.js';
export { readFirstLine } from './read-first-line.js';
export { readLine, terminalIO, type PromptIO, type RawInput } from './read-line.js';
