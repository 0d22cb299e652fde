export { PolicyEngine, type NewRuleRequest, type PolicyEngineOptions, type PolicyQuery } from './policy-engine.js';
export { literalInputPattern } from './literal-input-pattern.js';
export { mainInputOf } from './main-input.js';
export { summarizeToolInput } from './summarize-tool-input.js';
