#!/usr/bin/env bash
# Installs everything the repo needs on a machine that has only Node >= 20.19 and npm, then builds.
# Idempotent and quick when nothing changed (pnpm and turbo both cache).
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("CodePiper needs Node >= 20.19 (found "+process.versions.node+")"); process.exit(1) }'

# node-gyp must build node-pty and better-sqlite3 against the headers of the running Node instead of
# downloading them; find them beside the node binary (Debian: /usr/include/node, nvm/nodejs.org: <prefix>/include/node).
if [ -z "${npm_config_nodedir:-}" ]; then
  prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
  if [ -f "$prefix/include/node/node.h" ]; then export npm_config_nodedir="$prefix"; fi
fi

# A pinned pnpm in a repo-local prefix: no global install, no corepack (fails against this registry).
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
  PNPM=pnpm
else
  if [ ! -x .tools/node_modules/.bin/pnpm ] || [ "$(.tools/node_modules/.bin/pnpm --version)" != "$PNPM_VERSION" ]; then
    npm install --silent --no-audit --no-fund --prefix .tools "pnpm@$PNPM_VERSION" >/dev/null
  fi
  PNPM="$PWD/.tools/node_modules/.bin/pnpm"
fi
export PATH="$(dirname "$(command -v "$PNPM")"):$PATH"
export TURBO_TELEMETRY_DISABLED=1

"$PNPM" install --frozen-lockfile --reporter=append-only
"$PNPM" run build >/dev/null || "$PNPM" run build
