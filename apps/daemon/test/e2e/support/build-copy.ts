import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DAEMON_PACKAGE = fileURLToPath(new URL('../../../', import.meta.url));
export const CORE_PACKAGE = fileURLToPath(new URL('../../../../../packages/core/', import.meta.url));

export interface BuildCopy {
  /** The copy's package folder (dist/ and package.json). */
  dir: string;
  remove(): void;
}

/**
 * Another build of a workspace package, as an upgrade (or an older install) would bring: its dist/ and
 * package.json copied under the package's own node_modules (so its dependencies resolve exactly as the
 * original's do), with another version in package.json and optional text patches to its dist files.
 */
export function copyBuild(packageDir: string, options: { version?: string; patch?: Record<string, [from: string, to: string]> } = {}): BuildCopy {
  const dir = mkdtempSync(join(packageDir, 'node_modules', '.cp-build-copy-'));
  cpSync(join(packageDir, 'dist'), join(dir, 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  if (options.version) pkg.version = options.version;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const [file, [from, to]] of Object.entries(options.patch ?? {})) {
    const path = join(dir, 'dist', file);
    const text = readFileSync(path, 'utf8');
    if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
    writeFileSync(path, text.replace(from, to));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
