// Figure 6, CLI start-up: wall time of `codepiper sessions --json` against a daemon with a few
// sessions, against `node -e 0` (the floor: starting Node and doing nothing), interleaved, medians.
import { api, CLI_BIN, median, wallTimes } from './support.mjs';

export async function cliStartup(target, { runs }) {
  const daemon = target.daemon;
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await api(daemon, 'POST', '/api/sessions', { command: ['bash', '-c', 'exec sleep 100000'] })).id);
  try {
    const node = [];
    const cli = [];
    await wallTimes(process.execPath, [CLI_BIN, '--home', daemon.home, 'sessions', '--json'], 2); // warm the page cache
    for (let i = 0; i < runs; i++) {
      node.push(...(await wallTimes(process.execPath, ['-e', '0'], 1)));
      cli.push(...(await wallTimes(process.execPath, [CLI_BIN, '--home', daemon.home, 'sessions', '--json'], 1)));
    }
    return { runs, nodeMs: median(node), cliMs: median(cli), ratio: median(cli) / median(node) };
  } finally {
    for (const id of ids) await api(daemon, 'DELETE', `/api/sessions/${id}?force=true`);
  }
}
