#!/usr/bin/env node
// A Claude Code command hook for tests: `node hook-recorder.mjs <log.jsonl> <reply-dir>`.
// Appends {phase:"start", event, payload} to the log, then answers from <reply-dir>:
//   <Event>.json   printed to stdout as the hook's output (a decision), if present;
//   <Event>.block  if present, the hook first waits for <Event>.json to appear (a decision that takes time),
//                  which lets a test see what the binary does while a hook is pending and whether it kills it.
//                  A held hook gives up (logging how) if the binary goes away without killing it, so no
//                  test leaves one behind.
// Appends {phase:"end", how} when it answers or is terminated, so the test sees how the hook ended.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';

const [logFile, replyDir] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const raw = Buffer.concat(chunks).toString('utf8');
let payload;
try {
  payload = JSON.parse(raw);
} catch {
  payload = { unparsed: raw };
}
const event = String(payload.hook_event_name ?? 'unknown');
const log = (entry) => appendFileSync(logFile, `${JSON.stringify({ ...entry, event, pid: process.pid, at: Date.now() })}\n`);
log({ phase: 'start', payload });

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    log({ phase: 'end', how: signal });
    process.exit(143);
  });
}

const replyFile = replyDir ? join(replyDir, `${event}.json`) : undefined;
// The binary's own default hook timeout: no test holds a hook longer.
const HOLD_LIMIT_MS = 600_000;
if (replyFile && existsSync(join(replyDir, `${event}.block`))) {
  const parent = process.ppid;
  const started = Date.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const orphaned = process.ppid !== parent;
      if (existsSync(replyFile) || orphaned || Date.now() - started > HOLD_LIMIT_MS) {
        clearInterval(timer);
        if (!existsSync(replyFile)) {
          log({ phase: 'end', how: orphaned ? 'orphaned' : 'hold-limit' });
          process.exit(1);
        }
        resolve();
      }
    }, 25);
  });
}
const reply = replyFile && existsSync(replyFile) ? readFileSync(replyFile, 'utf8') : '';
if (reply) process.stdout.write(reply);
log({ phase: 'end', how: reply ? 'replied' : 'no-reply' });
