// Builds the real site once and serves it for every browser test. It builds into its own
// folder, not dist/: a test run must not pull pages from under `npm start` or another run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { serve } from '../../scripts/serve.mjs';
import { chromiumPath } from '../helpers/browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const OUT_DIR = 'tests/.out/e2e-site';

export default async function setup(project: TestProject) {
  chromiumPath(); // fail first, and clearly, when there is no browser
  if (!process.env.ADJOINT_SKIP_BUILD || !existsSync(`${OUT_DIR}/index.html`)) {
    execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], {
      stdio: 'inherit',
      env: { ...process.env, ADJOINT_OUT_DIR: OUT_DIR },
    });
  }
  const server = await serve(OUT_DIR, 0);
  project.provide('baseUrl', server.url);
  return () => server.close();
}
