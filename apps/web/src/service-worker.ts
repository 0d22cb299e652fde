/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

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
