// npm run deps: checks the import rules declared in .dependency-cruiser.cjs with dependency-cruiser.
//
// dependency-cruiser reads TypeScript and JavaScript but not .astro files, and layouts, pages and
// widget loaders are .astro. So the check runs on a scratch copy of the tree in which each
// `X.astro` becomes `X.astro.ts` holding the file's frontmatter and its <script> blocks (the only
// places an .astro file imports from); an import of './X.astro' still resolves, to the copy.
// Reports name the original files. Nothing in the working tree is written.
//
//   node scripts/check-deps.ts [root] [paths…]     (exit code 1 when a rule is broken)
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ICruiseResult, type IConfiguration, type IViolation, cruise, format } from 'dependency-cruiser';

/** What `npm run deps` checks when no paths are given: all code in the project. */
export const DEFAULT_PATHS = ['src', 'tests', 'bench', 'scripts', 'astro.config.mjs', 'vitest.config.ts'];

/** Never copied: installed packages, build output, and the deliberately broken fixture trees. */
const SKIP_DIRS = new Set(['node_modules', '.out', 'dist', '.astro', '.git', 'test-results']);
const SKIP_PATHS = new Set(['tests/fixtures/deps']);

export interface DepsReport {
  /** One entry per broken rule: its name, the importing file and the imported module (original names). */
  violations: Array<{ rule: string; from: string; to: string; cycle?: string[] }>;
  /** dependency-cruiser's own report (err-long): each violation with the rule's comment, which says how to fix it. */
  text: string;
}

/** The code an .astro file imports from: the frontmatter between the opening `---` fences, and each <script>. */
export function astroToTs(source: string): string {
  const parts: string[] = [];
  const front = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  if (front) parts.push(front[1]);
  for (const m of source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) parts.push(m[1]);
  return `${parts.join('\n;\n')}\n`;
}

async function copyTree(root: string, mirror: string, rel: string): Promise<void> {
  if (SKIP_PATHS.has(rel)) return;
  const from = join(root, rel);
  const entries = await readdir(from, { withFileTypes: true }).catch(() => null);
  if (entries === null) {
    // A file.
    await mkdir(dirname(join(mirror, rel)), { recursive: true });
    if (rel.endsWith('.astro')) await writeFile(join(mirror, `${rel}.ts`), astroToTs(await readFile(from, 'utf8')));
    else await copyFile(from, join(mirror, rel));
    return;
  }
  await mkdir(join(mirror, rel), { recursive: true });
  for (const entry of entries) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    await copyTree(root, mirror, rel ? `${rel}/${entry.name}` : entry.name);
  }
}

/** node_modules folders to link into the copy: the root's and, once `npm run bench` installed it, bench/'s. */
const MODULE_DIRS = ['node_modules', 'bench/node_modules'];

const original = (name: string) => name.replace(/\.astro\.ts$/, '.astro');

/** Run the rules of `configFile` over `paths` (relative to `root`) and report what breaks them. */
export async function checkDependencies(
  root: string = process.cwd(),
  paths: string[] = DEFAULT_PATHS,
  configFile: string = resolve(import.meta.dirname, '../.dependency-cruiser.cjs'),
  /** Where node_modules comes from: the project, also when `root` is a fixture tree that has none. */
  modulesRoot: string = root,
): Promise<DepsReport> {
  const config = createRequire(import.meta.url)(configFile) as IConfiguration;
  const mirror = await mkdtemp(join(tmpdir(), 'adjoint-deps-'));
  try {
    for (const file of ['package.json', 'bench/package.json', 'tsconfig.json'])
      if (existsSync(join(root, file))) await copyTree(root, mirror, file);
    for (const path of paths) if (existsSync(join(root, path))) await copyTree(root, mirror, path);
    for (const dir of MODULE_DIRS)
      if (existsSync(join(modulesRoot, dir))) {
        await mkdir(dirname(join(mirror, dir)), { recursive: true });
        await symlink(join(modulesRoot, dir), join(mirror, dir), 'dir');
      }
    const result = await cruise(
      paths.filter((path) => existsSync(join(mirror, path)) || existsSync(join(mirror, `${path}.ts`))),
      {
        ...config.options,
        ruleSet: { forbidden: config.forbidden ?? [] },
        validate: true,
        baseDir: mirror,
        preserveSymlinks: true,
        outputType: 'json',
      },
    );
    const cruised = JSON.parse(result.output as string) as ICruiseResult;
    const named = JSON.parse(JSON.stringify(cruised).replace(/\.astro\.ts"/g, '.astro"')) as ICruiseResult;
    const text = (await format(named, { outputType: 'err-long' })).output as string;
    return {
      violations: (named.summary.violations as IViolation[]).map((v) => ({
        rule: v.rule.name,
        from: original(v.from),
        to: original(v.to),
        ...(v.cycle ? { cycle: v.cycle.map((step) => original(step.name)) } : {}),
      })),
      text,
    };
  } finally {
    await rm(mirror, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [root = '.', ...paths] = process.argv.slice(2);
  const report = await checkDependencies(resolve(root), paths.length > 0 ? paths : DEFAULT_PATHS);
  if (report.violations.length > 0) {
    process.stderr.write(report.text);
    process.exitCode = 1;
  } else {
    console.log(
      `deps: no import rule broken (${relative(process.cwd(), resolve(root)) || '.'}: ${paths.join(' ') || DEFAULT_PATHS.join(' ')})`,
    );
  }
}
