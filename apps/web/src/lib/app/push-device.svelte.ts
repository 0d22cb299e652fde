import type { SubscribeRequest } from '@codepiper/protocol';
import { ApiError, pushApi } from '../api';
import { SERVICE_WORKER_READY_TIMEOUT_MS } from '../constants';
import { base64UrlToBytes, deviceName, isIos, platformOf, pushSupport, sameServerKey, type ClientHints, type PushSupport } from '../push';

/**
 * This browser as a push device: whether it can be notified at all, the owner's permission, and its
 * subscription (whose endpoint also tells the daemon, through presence, which device a tab runs on).
 * A subscribed browser registers again on every start, which refreshes its last-seen time and follows
 * a renewal of the daemon's keys.
 */
class PushDeviceStore {
  support = $state<PushSupport>({ kind: 'unsupported', reason: 'Not checked yet.' });
  permission = $state<NotificationPermission>('default');
  /** This browser's push endpoint while it is subscribed. */
  endpoint = $state<string | undefined>();
  /** The daemon's id for this browser, once registered in this tab. */
  deviceId = $state<string | undefined>();
  /** The browser's subscription has been looked up. */
  checked = $state(false);
  private started = false;

  /** Called once logged in. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.support = pushSupport({
      secureContext: window.isSecureContext,
      serviceWorker: 'serviceWorker' in navigator,
      pushManager: 'PushManager' in window,
      notification: 'Notification' in window,
      ios: isIos(navigator.userAgent, navigator.maxTouchPoints),
      standalone: window.matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true,
    });
    if (this.support.kind !== 'supported') {
      this.checked = true;
      return;
    }
    this.permission = Notification.permission;
    void this.refresh();
  }

  /** What this browser is called until the owner names it. */
  suggestedName(): string {
    return deviceName(navigator.userAgent, hints(), navigator.maxTouchPoints);
  }

  /**
   * Asks for permission, subscribes with the daemon's key and registers this browser under `name`.
   * Throws with a message for the owner; a refused permission is not an error (see `permission`).
   */
  async enable(name: string): Promise<void> {
    this.permission = await Notification.requestPermission();
    if (this.permission !== 'granted') return;
    const registration = await workerRegistration();
    const { publicKey } = await pushApi.vapidPublicKey();
    const key = base64UrlToBytes(publicKey);
    let subscription = await registration.pushManager.getSubscription();
    if (subscription && !sameServerKey(subscription.options?.applicationServerKey, key)) {
      await subscription.unsubscribe();
      subscription = null;
    }
    subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    const answer = await pushApi.subscribe({ ...subscriptionJson(subscription), name: name.trim() || this.suggestedName(), ...platform() });
    this.endpoint = subscription.endpoint;
    this.deviceId = answer.device.id;
  }

  /** Unsubscribes this browser and forgets it on the daemon. */
  async disable(): Promise<void> {
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    const endpoint = subscription?.endpoint ?? this.endpoint;
    if (endpoint) {
      try {
        await pushApi.unsubscribe(endpoint);
      } catch (e) {
        // Already removed from the devices list (here, elsewhere or by the CLI): nothing left to forget.
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      }
    }
    await subscription?.unsubscribe();
    this.endpoint = undefined;
    this.deviceId = undefined;
  }

  /** The owner removed a device from the list: when it was this browser, unsubscribe it too. */
  async removed(deviceId: string): Promise<void> {
    if (deviceId !== this.deviceId) return;
    const registration = await navigator.serviceWorker.getRegistration();
    await (await registration?.pushManager.getSubscription())?.unsubscribe();
    this.endpoint = undefined;
    this.deviceId = undefined;
  }

  /** Looks up this browser's subscription and, when there is one, registers it again. */
  private async refresh(): Promise<void> {
    try {
      const registration = await navigator.serviceWorker.getRegistration();
      let subscription = (await registration?.pushManager.getSubscription()) ?? null;
      this.endpoint = subscription?.endpoint;
      this.checked = true;
      if (!registration || !subscription || this.permission !== 'granted') return;
      const { publicKey } = await pushApi.vapidPublicKey();
      const key = base64UrlToBytes(publicKey);
      if (!sameServerKey(subscription.options?.applicationServerKey, key)) {
        // The daemon's keys were renewed: the old subscription can no longer be pushed to.
        const stale = subscription.endpoint;
        await subscription.unsubscribe();
        subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
        await pushApi.unsubscribe(stale).catch(() => undefined);
      }
      const answer = await pushApi.subscribe({ ...subscriptionJson(subscription), ...platform() });
      this.endpoint = subscription.endpoint;
      this.deviceId = answer.device.id;
    } catch {
      // Nothing the owner asked for failed: Settings > Notifications shows the state, and can retry.
      this.checked = true;
    }
  }
}

function hints(): ClientHints {
  const data = (navigator as { userAgentData?: { platform?: string; mobile?: boolean } }).userAgentData;
  return data ? { ...(data.platform ? { platform: data.platform } : {}), ...(data.mobile !== undefined ? { mobile: data.mobile } : {}) } : {};
}

function platform(): { platform?: string } {
  const value = platformOf(navigator.userAgent, hints(), navigator.maxTouchPoints);
  return value ? { platform: value } : {};
}

function subscriptionJson(subscription: PushSubscription): Omit<SubscribeRequest, 'name' | 'platform'> {
  const json = subscription.toJSON();
  if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) throw new Error('The browser gave a push subscription without its keys; try again.');
  return { endpoint: json.endpoint, expirationTime: json.expirationTime ?? null, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } };
}

/** The app's service worker, once active; an error for the owner when it does not come. */
async function workerRegistration(): Promise<ServiceWorkerRegistration> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error("The app's service worker is not running, so this browser cannot receive notifications. Reload the page and try again.")),
      SERVICE_WORKER_READY_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([navigator.serviceWorker.ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const pushDevice = new PushDeviceStore();
