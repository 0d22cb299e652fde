export { agentStateLabel } from './agent-state-label';
export { ago, shortDuration } from './relative-time';
export { agentUrgency, applySessionUpdate, countByFilter, describeStatus, formatCommand, isEnded, visibleSessions, type SessionFeedUpdate, type SessionFilter } from './session-list';
export {
  defaultProvider,
  isAgent,
  isAvailable,
  newSessionRequest,
  providerChoices,
  providerFields,
  type NewSessionInput,
  type NewSessionRequest,
  type ProviderChoice,
  type ProviderFields,
} from './new-session-form';
export { shellSplit, type SplitResult } from './shell-split';
