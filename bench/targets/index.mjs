// The systems each figure is measured on: CodePiper itself and, when asked for, the peers users would
// pick instead. A peer that cannot be installed or started is reported as such, never fatal.
import { log } from '../support.mjs';
import { startCodePiper } from './codepiper.mjs';
import { startOriginal } from './original.mjs';
import { startVibeTunnel } from './vibetunnel.mjs';

export const PEERS = [
  { name: 'CodePiper 0.2 (original)', start: startOriginal },
  { name: 'VibeTunnel', start: startVibeTunnel },
];

export { startCodePiper };

/**
 * Starts a fresh instance of every peer, runs `fn(target)` on each in turn and stops it. Returns
 * `{ [name]: result | { error } }`.
 */
export async function forEachPeer(fn) {
  const results = {};
  for (const peer of PEERS) {
    let target;
    try {
      target = await peer.start();
    } catch (error) {
      results[peer.name] = { error: `could not run: ${firstLine(error)}` };
      log(`${peer.name}: could not run: ${firstLine(error)}`);
      continue;
    }
    try {
      results[peer.name] = { version: target.version, ...(await fn(target)) };
    } catch (error) {
      results[peer.name] = { error: `could not run: ${firstLine(error)}` };
      log(`${peer.name}: could not run: ${firstLine(error)}`);
    } finally {
      await target.stop().catch(() => undefined);
    }
  }
  return results;
}

function firstLine(error) {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
}
