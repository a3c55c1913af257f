// Builds the real site once and serves it for every browser test.
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { serve } from '../../scripts/serve.mjs';
import { chromiumPath } from '../helpers/browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  chromiumPath(); // fail first, and clearly, when there is no browser
  if (!process.env.ADJOINT_SKIP_BUILD) {
    execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], {
      stdio: 'inherit',
    });
  }
  const server = await serve('dist', 0);
  project.provide('baseUrl', server.url);
  return () => server.close();
}
