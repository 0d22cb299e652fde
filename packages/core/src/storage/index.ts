export { openDatabase, MIGRATIONS_FOLDER, type CodePiperDatabase, type IntegrityReport, type StorageDb } from './database.js';
export { MetaStore } from './meta-store.js';
export { SessionRepository } from './session-repository.js';
export {
  SESSION_EVENT_TYPES,
  type KnownSessionEventType,
  type NewSessionRecord,
  type SessionEvent,
  type SessionEventInput,
  type SessionEventType,
  type SessionPatch,
  type SessionRecord,
} from './session-record.js';
export { OwnerRepository, type OwnerRecord } from './owner-repository.js';
export { LoginRepository, type LoginActivity, type LoginRecord, type NewLogin } from './login-repository.js';
export { ApiTokenRepository, type ApiTokenRecord, type NewApiToken } from './api-token-repository.js';
export { ApprovalRepository, type ApprovalDecision, type ApprovalRecord, type NewApproval } from './approval-repository.js';
export { PolicyRuleRepository, type NewPolicyRule } from './policy-rule-repository.js';
export { AuditRepository, type AuditActor, type AuditInput, type AuditQuery, type AuditRecord } from './audit-repository.js';
export { PushSubscriptionRepository, type PushSubscriptionRecord, type PushSubscriptionUpsert } from './push-subscription-repository.js';
export { PushDeliveryRepository, type NewPushDelivery, type PushDeliveryRecord } from './push-delivery-repository.js';
export { NotificationRepository, type NewNotification, type ReadSelection } from './notification-repository.js';
export { DEFAULT_NOTIFICATION_SETTINGS, NotificationSettingsRepository } from './notification-settings-repository.js';
