#!/usr/bin/env bash
# Usage: scripts/bootstrap.sh [command …]
# Installs everything the repo needs on a machine that has only Node >= 20.19 and npm, builds it, then
# runs the command (if any) with the pinned pnpm on PATH. Quick when nothing changed (pnpm and turbo cache).
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("CodePiper needs Node >= 20.19 (found "+process.versions.node+")"); process.exit(1) }'

# node-gyp must build node-pty and better-sqlite3 against the headers of the running Node instead of
# downloading them; they sit beside the node binary (Debian: /usr/include/node, nvm/nodejs.org: <prefix>/include/node).
if [ -z "${npm_config_nodedir:-}" ]; then
  prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
  if [ -f "$prefix/include/node/node.h" ]; then export npm_config_nodedir="$prefix"; fi
fi

# A pinned pnpm: the one on PATH if it is that version, else a repo-local copy (no global install, no corepack).
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
  :
else
  if [ ! -x .tools/node_modules/.bin/pnpm ] || [ "$(.tools/node_modules/.bin/pnpm --version)" != "$PNPM_VERSION" ]; then
    echo "bootstrap: installing pnpm $PNPM_VERSION into .tools/" >&2
    npm install --silent --no-audit --no-fund --prefix .tools "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$PWD/.tools/node_modules/.bin:$PATH"
fi
export TURBO_TELEMETRY_DISABLED=1

pnpm install --frozen-lockfile --reporter=append-only
pnpm run build

if [ "$#" -gt 0 ]; then exec "$@"; fi
