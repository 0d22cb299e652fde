#!/usr/bin/env node
/**
 * What a device elsewhere does with a daemon it reaches by address (over a LAN, or through an SSH
 * tunnel): loads the dashboard, lists sessions with an API token, then attaches to one session over
 * each WebSocket it is given, types a line and waits for the shell's answer. Run as a separate process
 * so that it can run inside a network namespace (`ip netns exec`).
 *
 * usage: remote-probe.mjs <web url> <session id> <ws url>...   (token in CODEPIPER_TOKEN)
 * prints one JSON line: { dashboard: status, title, sessionListed, attached: [ws url...] }
 */
/* global fetch */
import { decodeFrame } from '@codepiper/protocol';
import WebSocket from 'ws';

const TIMEOUT_MS = 15_000;
const [webUrl, sessionId, ...wsUrls] = process.argv.slice(2);
const token = process.env.CODEPIPER_TOKEN;
if (!webUrl || !sessionId || wsUrls.length === 0 || !token) {
  process.stderr.write('usage: CODEPIPER_TOKEN=… remote-probe.mjs <web url> <session id> <ws url>...\n');
  process.exit(2);
}

/** Attaches over `url`, types an echo whose answer differs from the typed line, waits for the answer. */
function attachAndType(url, nth) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false });
    let output = '';
    const expected = `probe-${nth}-${6 * 7}`;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`${url}: no "${expected}" within ${TIMEOUT_MS} ms; got ${JSON.stringify(output.slice(-300))}`));
    }, TIMEOUT_MS);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${url}: ${error.message}`));
    });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'attach', session: sessionId })));
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        const message = JSON.parse(String(data));
        if (message.type === 'attached') socket.send(JSON.stringify({ type: 'input', session: sessionId, data: `echo probe-${nth}-$((6*7))\r` }));
        if (message.type === 'error') reject(new Error(`${url}: ${message.message}`));
        return;
      }
      output += Buffer.from(decodeFrame(new Uint8Array(data)).payload).toString('utf8');
      if (new RegExp(`^${expected}\\r?$`, 'm').test(output)) {
        clearTimeout(timer);
        socket.close();
        resolve(url);
      }
    });
  });
}

const page = await fetch(`${webUrl}/`);
const html = await page.text();
const listed = await fetch(`${webUrl}/api/sessions`, { headers: { Authorization: `Bearer ${token}` } });
const sessions = listed.ok ? await listed.json() : [];
const attached = [];
for (const [nth, url] of wsUrls.entries()) attached.push(await attachAndType(url, nth));
process.stdout.write(
  `${JSON.stringify({
    dashboard: page.status,
    title: /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? null,
    sessionListed: Array.isArray(sessions) && sessions.some((s) => s.id === sessionId),
    attached,
  })}\n`,
);
