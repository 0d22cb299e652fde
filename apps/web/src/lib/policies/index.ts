export { default as ActionBadge } from './ActionBadge.svelte';
export { default as AddRuleForm } from './AddRuleForm.svelte';
export { default as PolicyTester } from './PolicyTester.svelte';
export { default as RuleItem } from './RuleItem.svelte';
export { fieldMessage, fieldOfError, RULE_FIELDS, type RuleField } from './field-error';
