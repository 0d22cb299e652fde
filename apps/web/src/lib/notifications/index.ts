/** The dashboard's notification logic without the browser: the inbox copy, session overrides, delivery words. */
export { describeLastDelivery, describeTestResult, type StatusTone } from './delivery-status';
export { InboxLedger } from './inbox-ledger';
export { choiceLabel, choiceOf, NOTIFICATION_EVENTS, OVERRIDE_CHOICES, overrideOf, overridesSummary, type OverrideChoice } from './override-choice';
