// Build a fixture site (tests/site/fixtures/<name>/ with posts/ and about.md) with the real
// Astro config, in a child process on the pinned Node, into tests/.out/<name>/.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

export const FIXTURES = 'tests/site/fixtures';
export const OUT = 'tests/.out';

export interface Built {
  ok: boolean;
  out: string;
  /** Everything Astro printed (stdout + stderr), without colours. */
  log: string;
  /** The text of a built file, by its path inside the output folder. */
  read(path: string): string;
  /** Every file of the output, as paths relative to it. */
  files(): string[];
}

export interface BuildOptions {
  /** Extra environment for the build (e.g. TZ, ADJOINT_STRICT). */
  env?: Record<string, string>;
  /** Output folder name under tests/.out (default: the fixture's name), to keep two builds of one fixture apart. */
  as?: string;
  /** Build over what the output folder already holds (to see what a failed build leaves there). */
  keepOutput?: boolean;
  /** Keep Astro's cache folder from the previous build of this output (a warm rebuild). */
  keepCache?: boolean;
}

export function buildFixture(name: string, { env = {}, as = name, keepOutput = false, keepCache = false }: BuildOptions = {}): Built {
  const out = join(OUT, as);
  const cache = join(OUT, `${as}.cache`);
  // A fresh cache too: Astro would otherwise reuse HTML rendered by older plugin code.
  if (!keepOutput) rmSync(out, { recursive: true, force: true });
  if (!keepCache) rmSync(cache, { recursive: true, force: true });
  const result = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      ADJOINT_CONTENT_DIR: join(FIXTURES, name),
      ADJOINT_OUT_DIR: out,
      ADJOINT_CACHE_DIR: cache,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      // Fixtures are not strict unless a test says so, whatever the caller's environment (CI sets ADJOINT_STRICT=1).
      ADJOINT_STRICT: '0',
      ...env,
    },
  });
  return {
    ok: result.status === 0,
    out,
    log: `${result.stdout}\n${result.stderr}`,
    read: (path) => readFileSync(join(out, path), 'utf8'),
    files: () =>
      readdirSync(out, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(out, join(entry.parentPath, entry.name)).split('\\').join('/')),
  };
}
