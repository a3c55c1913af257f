// npm run bench: runs every bench/*.bench.ts in turn (each prints its own table) with the
// pinned Node, which runs TypeScript directly. Results are also written to bench/.out/.
//
// The benchmarks' own dependencies (TensorFlow.js, ~270 MB, for one column of the engine
// table) are declared in bench/package.json, not in the project's: a plain `npm install`
// never downloads them. The first run installs them into bench/node_modules (from
// bench/package-lock.json), then type-checks the benchmarks against their real types.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Run a command, or stop the whole run with its name and exit code. */
function run(command, args, what) {
  const r = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`bench: ${what} failed (${command} ${args.join(' ')}: exit ${r.status ?? r.signal ?? r.error?.message})`);
    process.exit(1);
  }
}

const { dependencies = {} } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const missing = Object.keys(dependencies).filter((name) => !existsSync(join(here, 'node_modules', name, 'package.json')));
if (missing.length > 0) {
  console.log(`bench: installing the benchmarks' own dependencies into bench/node_modules (${missing.join(', ')}) …`);
  run('npm', ['ci', '--prefix', 'bench', '--no-audit', '--no-fund'], 'installing bench/package.json');
}
// The project's `npm run check` leaves out engine.bench.ts (its tfjs import only resolves after
// the install above); check every benchmark here, against the installed types.
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'bench/tsconfig.json'], 'type-checking bench/');

mkdirSync(join(here, '.out'), { recursive: true });
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n## ${f}\n`);
  const r = spawnSync(process.execPath, [join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`${f} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
