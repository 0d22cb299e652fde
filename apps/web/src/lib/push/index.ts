/**
 * Web Push in the browser, as pure functions shared by the service worker and the pages: what a push
 * shows, what a tap on it does, what this device is called and whether it can be notified at all.
 * No Svelte and no protocol values here: the service worker bundles this folder.
 */
export { deviceName, platformOf, type ClientHints } from './device-name';
export { decisionPath, followUpFor, pickWindow, planClick, type ClickPlan, type DecisionFollowUp, type WindowLike } from './notification-click';
export {
  decidedNotification,
  KNOWN_PUSH_EVENTS,
  notificationFor,
  oneLine,
  type ApprovalAction,
  type NotificationData,
  type NotificationSpec,
} from './push-notification';
export { base64UrlToBytes, isIos, pushSupport, sameServerKey, type PushEnvironment, type PushSupport } from './push-support';
