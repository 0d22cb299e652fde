/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import { base64UrlToBytes, decidedNotification, decisionPath, followUpFor, notificationFor, pickWindow, planClick, type NotificationData, type NotificationSpec } from '$lib/push';

const sw = self as unknown as ServiceWorkerGlobalScope;

/** One cache per build: a new version precaches its own shell and drops the old one on activation. */
const CACHE = `codepiper-shell-${version}`;
const OFFLINE_PAGE = '/offline.html';
/** The versioned app shell: the built JS/CSS and everything in static/ (icons, manifest, offline page). */
const SHELL = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...SHELL]))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  // The API and the WebSocket are live data with the owner's credentials: never cached, never
  // answered from a cache, not even touched here.
  if (url.pathname.startsWith('/api/') || url.pathname === '/ws') return;

  if (request.mode === 'navigate') {
    // Pages always come from the daemon (it pins the inline bootstrap script by hash in its CSP
    // header); when it cannot be reached, the offline page says so and retries.
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(OFFLINE_PAGE)) ?? new Response('CodePiper is offline.', { status: 503, headers: { 'Content-Type': 'text/plain' } })),
    );
    return;
  }

  if (SHELL.has(url.pathname)) {
    event.respondWith(caches.match(request).then((cached) => cached ?? fetch(request)));
  }
});

// ---- push notifications ------------------------------------------------------------------------
// What a push shows and what a tap does are decided in $lib/push (unit-tested); this is the wiring.

sw.addEventListener('push', (event) => {
  let payload: unknown;
  try {
    payload = event.data?.json();
  } catch {
    // Not JSON: still shown (as a plain notification), since a push must always show something.
  }
  event.waitUntil(show(notificationFor(payload)));
});

sw.addEventListener('notificationclick', (event) => {
  const notification = event.notification;
  const plan = planClick(notification.data, event.action);
  notification.close();
  event.waitUntil(
    (async () => {
      if (plan.kind === 'open') {
        await Promise.all([openPage(plan.url), plan.notificationId !== undefined ? markRead(plan.notificationId) : undefined]);
        return;
      }
      // Approve / Deny: the login cookie authenticates the answer, exactly as the dashboard's buttons do.
      const followUp = followUpFor(await postJson(decisionPath(plan.approvalId, plan.decision), {}));
      if (followUp === 'done') await show(decidedNotification(notification.data as NotificationData, plan.decision, notification.tag));
      // Logged out (or the daemon refused or is unreachable): the app opens at the request, via the login.
      else if (followUp === 'open') await openPage(plan.url);
      // 'already': answered elsewhere first, or expired; the daemon's resolution push says how.
    })(),
  );
});

sw.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(renewSubscription(event.oldSubscription, event.newSubscription));
});

function show(spec: NotificationSpec): Promise<void> {
  return sw.registration.showNotification(spec.title, spec.options as NotificationOptions);
}

/** Focuses the dashboard window that shows `url`, or another one taken there, or opens one. */
async function openPage(url: string): Promise<void> {
  const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const pick = pickWindow(
    windows.map((w) => ({ url: w.url, focused: w.focused, visibilityState: w.visibilityState })),
    url,
    sw.location.origin,
  );
  if (!pick) {
    await sw.clients.openWindow(url);
    return;
  }
  const target = windows[pick.index]!;
  const focused = await target.focus().catch(() => target);
  if (!pick.navigate) return;
  // navigate() works only for windows this worker controls; any other gets a new window.
  const navigated = await focused.navigate(url).catch(() => null);
  if (!navigated) await sw.clients.openWindow(url);
}

async function markRead(notificationId: number): Promise<void> {
  await postJson('/api/notifications/read', { ids: [notificationId] });
}

/** A JSON write to the daemon with the login cookie; its HTTP status, or 'network-error'. */
async function postJson(path: string, body: unknown): Promise<number | 'network-error'> {
  try {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'include',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return response.status;
  } catch {
    return 'network-error';
  }
}

/**
 * The push service replaced or dropped this browser's subscription: subscribe again (with the same
 * server key), register the new one and forget the old. Without a login (401) this does nothing; the
 * dashboard registers the browser again the next time it opens.
 */
async function renewSubscription(previous: PushSubscription | null, next: PushSubscription | null): Promise<void> {
  let subscription = next;
  if (!subscription) {
    const key = previous?.options.applicationServerKey ?? (await serverKey());
    if (!key) return;
    subscription = await sw.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  }
  // No name: a new endpoint gets the daemon's default one ("Chrome on Android"), a known one keeps its own.
  const status = await postJson('/api/push/subscriptions', subscription.toJSON());
  if (previous && previous.endpoint !== subscription.endpoint && typeof status === 'number' && status < 300) {
    await fetch(`/api/push/subscriptions?endpoint=${encodeURIComponent(previous.endpoint)}`, { method: 'DELETE', credentials: 'include' }).catch(() => undefined);
  }
}

async function serverKey(): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    const response = await fetch('/api/push/vapid-public-key', { credentials: 'include', headers: { Accept: 'application/json' } });
    if (!response.ok) return undefined;
    return base64UrlToBytes(((await response.json()) as { publicKey: string }).publicKey);
  } catch {
    return undefined;
  }
}
