// Transcript ingestion: UsageService.ingest from the built @codepiper/core reading a generated Claude
// Code transcript into a fresh SQLite database, against the baseline of only reading the same file in
// the same chunks and finding its line breaks. Run alone with `node bench/ingest.mjs [megabytes]`.
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './support.mjs';

const CORE = new URL('../packages/core/dist/index.js', import.meta.url);
const CHUNK = 1024 * 1024;

/** Deterministic pseudo-random numbers, so every run ingests the same bytes. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['const', 'return', 'function', 'import', 'export', 'await', 'if', 'else', 'for', 'of', 'session', 'daemon', 'value', 'error', 'result', 'buffer', 'offset', 'line', '=>', '{', '}', '(', ')', ';', 'the', 'test', 'passed', 'expect', 'toEqual', '"ok"', "'x'", '\t', '<div>', '</div>', 'é', '→'];
const TOOLS = ['Bash', 'Read', 'Edit', 'Grep', 'Glob', 'Write', 'TodoWrite'];

/** Text that looks like source code or command output: lines of words with quotes, tabs and non-ASCII. */
function codeText(next, bytes) {
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const words = [];
    const count = 3 + Math.floor(next() * 12);
    for (let i = 0; i < count; i++) words.push(WORDS[Math.floor(next() * WORDS.length)]);
    const line = `${' '.repeat(Math.floor(next() * 4) * 2)}${words.join(' ')}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

/**
 * Writes a Claude Code transcript of about `megabytes` MB shaped like a real agent session: a prompt,
 * then turns of one assistant message written as 2–3 lines (text, tool_use blocks) that share
 * message.id and requestId, followed by a user line with the tool result (2–24 KB of output, duplicated
 * in toolUseResult as Claude Code does). Returns the file and the number of API messages in it.
 */
export async function writeTranscript(file, megabytes) {
  const next = random(42);
  const target = megabytes * 1_000_000;
  const sessionId = '3f2c8a61-5b7e-4d21-9a0c-2e6f8d4b1c70';
  const base = { isSidechain: false, userType: 'external', cwd: '/home/dev/project', sessionId, version: '2.1.197', gitBranch: 'main' };
  const handle = await open(file, 'w');
  let written = 0;
  let messages = 0;
  let t = Date.parse('2026-11-01T09:00:00.000Z');
  let parent = null;
  let pending = [];
  let pendingBytes = 0;
  const emit = async (record) => {
    const line = `${JSON.stringify({ parentUuid: parent, ...base, ...record, timestamp: new Date((t += 700)).toISOString() })}\n`;
    parent = record.uuid;
    pending.push(line);
    pendingBytes += line.length;
    written += Buffer.byteLength(line);
    if (pendingBytes > 4 * CHUNK) {
      await handle.write(pending.join(''));
      pending = [];
      pendingBytes = 0;
    }
  };
  let n = 0;
  const uuid = () => `00000000-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`;
  while (written < target) {
    await emit({ type: 'user', message: { role: 'user', content: codeText(next, 80 + next() * 400) }, uuid: uuid() });
    const turns = 2 + Math.floor(next() * 6);
    for (let turn = 0; turn < turns && written < target; turn++) {
      const id = `msg_01${(messages++).toString(36).padStart(20, 'x')}`;
      const requestId = `req_011C${messages.toString(36).padStart(18, 'q')}`;
      const usage = {
        input_tokens: 4 + Math.floor(next() * 50),
        cache_creation_input_tokens: Math.floor(next() * 4000),
        cache_read_input_tokens: 20_000 + Math.floor(next() * 80_000),
        output_tokens: 20 + Math.floor(next() * 900),
        service_tier: 'standard',
      };
      const message = (content) => ({ model: 'claude-sonnet-4-5-20250929', id, type: 'message', role: 'assistant', content, stop_reason: null, stop_sequence: null, usage });
      await emit({ type: 'assistant', message: message([{ type: 'text', text: codeText(next, 100 + next() * 600) }]), requestId, uuid: uuid() });
      const toolId = `toolu_01${messages.toString(36).padStart(22, 't')}`;
      const tool = TOOLS[Math.floor(next() * TOOLS.length)];
      await emit({ type: 'assistant', message: message([{ type: 'tool_use', id: toolId, name: tool, input: { command: codeText(next, 60) } }]), requestId, uuid: uuid() });
      const output = codeText(next, 2_000 + next() * 22_000);
      await emit({
        type: 'user',
        message: { role: 'user', content: [{ tool_use_id: toolId, type: 'tool_result', content: output, is_error: false }] },
        uuid: uuid(),
        toolUseResult: { stdout: output, stderr: '', interrupted: false, isImage: false },
      });
    }
  }
  await handle.write(pending.join(''));
  await handle.close();
  return { file, bytes: written, messages };
}

/** The floor: read the file in the same chunks and find every line break, nothing else. */
async function readLines(file) {
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK);
  let lines = 0;
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const view = buffer.subarray(0, bytesRead);
    for (let at = view.indexOf(10); at !== -1; at = view.indexOf(10, at + 1)) lines++;
  }
  await handle.close();
  return lines;
}

async function ingestOnce(core, dir, file, run) {
  const home = join(dir, `home-${run}`);
  const database = core.openDatabase(join(dir, `usage-${run}.db`));
  try {
    new core.SessionRepository(database).insert({ id: 'b0000001', name: 'bench', command: ['claude'], cwd: '/home/dev/project', cols: 80, rows: 24 });
    const usage = new core.UsageService({ database, home });
    const started = performance.now();
    const result = await usage.ingest({ sessionId: 'b0000001', provider: 'claude', path: file });
    return { ms: performance.now() - started, result, report: usage.report() };
  } finally {
    database.close();
  }
}

/** Median MB/s of `runs` ingestions of a `megabytes` MB transcript, each beside its baseline. */
export async function ingestBench({ megabytes, runs, log = () => {} }) {
  const core = await import(CORE.href);
  const dir = await mkdtemp(join(tmpdir(), 'codepiper-ingest-bench-'));
  try {
    const transcript = await writeTranscript(join(dir, 'transcript.jsonl'), megabytes);
    const mb = transcript.bytes / 1_000_000;
    await readLines(transcript.file); // warm the page cache for both sides
    const base = [];
    const ours = [];
    let last;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await readLines(transcript.file);
      base.push(mb / ((performance.now() - started) / 1000));
      last = await ingestOnce(core, dir, transcript.file, run);
      ours.push(mb / (last.ms / 1000));
      log(`ingest run ${run + 1}: read + split ${base.at(-1).toFixed(0)} MB/s, ingest ${ours.at(-1).toFixed(0)} MB/s`);
    }
    if (last.report.totals.messages !== transcript.messages) {
      throw new Error(`ingest counted ${last.report.totals.messages} messages, the transcript has ${transcript.messages}`);
    }
    return {
      megabytes: Math.round(mb),
      lines: last.result.lines,
      messages: transcript.messages,
      baselineMBps: median(base),
      ingestMBps: median(ours),
      ratio: median(ours) / median(base),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const megabytes = Number(process.argv[2] ?? (process.env.BENCH_QUICK === '1' ? 10 : 100));
  const result = await ingestBench({ megabytes, runs: process.env.BENCH_QUICK === '1' ? 1 : 3, log: (m) => process.stdout.write(`${m}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
