export { ago, shortDuration } from './relative-time';
export { applySessionUpdate, countByFilter, describeStatus, formatCommand, isEnded, visibleSessions, type SessionFeedUpdate, type SessionFilter } from './session-list';
export { shellSplit, type SplitResult } from './shell-split';
