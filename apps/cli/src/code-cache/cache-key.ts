/** FNV-1a, 32 bits: enough to tell flag sets apart, and no node:crypto to load. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * What a code cache is valid for: this bundle (its file name carries a hash of its content), this Node
 * build, and these V8 flags. V8 checks its version and flags itself but only the source's length, not
 * its text: the bundle's hash is what keeps a cache from being applied to other code of the same length.
 */
export function codeCacheKey(bundleFile: string, runtime: { version: string; arch: string; execArgv: readonly string[]; nodeOptions: string | undefined } = { version: process.version, arch: process.arch, execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS }): string {
  return `${bundleFile} node-${runtime.version}-${runtime.arch} flags-${fnv1a(`${runtime.execArgv.join('\0')}\0${runtime.nodeOptions ?? ''}`)}`;
}
