export { STRIP_KEYS, stripKeyData, type StripKey } from './key-strip';
export { PROMPT_HISTORY_KEY, PromptHistory, type KeyValueStore } from './prompt-history';
export { promptInput } from './prompt-input';
