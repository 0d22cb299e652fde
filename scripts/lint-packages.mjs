#!/usr/bin/env node
// Usage: node scripts/lint-packages.mjs
// Checks every published workspace package the way npm will see it: publint (strict, on what `pnpm pack`
// would ship), plus the fields and files a user of the registry page expects. Needs a build first
// (dist/ and the web app's build/ are part of what is checked). Exits 1 on any problem.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = new URL('..', import.meta.url).pathname;
const dirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')))
    .map((entry) => join(root, group, entry.name)),
);

/** What publint does not check but a published package of ours must have. */
function ownProblems(dir, pkg) {
  const problems = [];
  for (const field of ['description', 'license', 'repository', 'homepage', 'engines', 'exports', 'files']) {
    if (pkg[field] === undefined) problems.push(`package.json has no "${field}"`);
  }
  if (pkg.license !== 'MIT') problems.push(`"license" is ${JSON.stringify(pkg.license)}, expected "MIT"`);
  if (pkg.publishConfig?.access !== 'public') problems.push('"publishConfig.access" must be "public" (scoped packages are private by default)');
  if (!pkg.engines?.node) problems.push('"engines.node" is missing');
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
    if (!existsSync(join(dir, file))) problems.push(`${file} is missing`);
    else if (file !== 'LICENSE' && !(pkg.files ?? []).includes(file)) problems.push(`"files" does not list ${file}`);
  }
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
    if (name.startsWith('@codepiper/') && range !== 'workspace:*') problems.push(`dependency ${name} should be "workspace:*" (pnpm publish pins the version)`);
  }
  return problems;
}

let failed = false;
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  const { messages } = await publint({ pkgDir: dir, strict: true, pack: 'pnpm' });
  const lines = [
    ...messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`),
    ...ownProblems(dir, pkg).map((problem) => `error: ${problem}`),
  ];
  if (lines.length === 0) {
    console.log(`ok    ${pkg.name}`);
    continue;
  }
  // Strict mode turns warnings into errors; suggestions are shown but do not fail the run.
  const bad = lines.some((line) => !line.startsWith('suggestion'));
  if (bad) failed = true;
  console.log(`${bad ? 'fail' : 'note'}  ${pkg.name}`);
  for (const line of lines) console.log(`      ${line}`);
}
process.exit(failed ? 1 : 0);
