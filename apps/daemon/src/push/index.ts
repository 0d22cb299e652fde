/** Push notifications and the in-app inbox (see docs/architecture.md, "Push notifications"). */
export { Push, type PushOptions } from './push.js';
export { Notifier, type AgentStateSession, type EndedSession } from './notifier.js';
export { PresenceTracker, type PresenceState } from './presence-tracker.js';
export { pushSubjectProblem } from './push-subject.js';
export { pushRoutes } from './push-routes.js';
export { notificationRoutes, type SessionResolver } from './notification-routes.js';
