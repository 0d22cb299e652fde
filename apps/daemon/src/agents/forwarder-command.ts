import { fileURLToPath } from 'node:url';

/**
 * argv that runs the hook forwarder with this very Node and this very build: agents run it for every
 * hook event, so it must not depend on `codepiper` being on their PATH. From dist/agents/ this is
 * dist/hook-forwarder.js.
 */
export function forwarderCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL('../hook-forwarder.js', import.meta.url))];
}
