// A build either replaces dist/ with a complete, checked site or leaves it exactly as it was.
// Astro writes pages as it renders them and the link checker can only run afterwards, so
// without this a failed check (or a page that throws half-way) would leave a dist/ holding
// the broken pages next to good ones, which a deploy step could ship. Instead `astro build`
// writes to a staging folder beside it (`.dist-staging/`); when every `astro:build:done` hook
// before this one has passed (list this integration last), the staging folder takes dist/'s
// place. When the build fails, the staging folder is removed on exit and the previous dist/
// (the last good build, or none) is untouched.
import type { AstroIntegration } from 'astro';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The folder a build writes to before it is moved to `outDir`: `.dist-staging` beside `dist`. */
export function stagingDir(outDir: string): string {
  const final = resolve(outDir);
  return join(dirname(final), `.${basename(final)}-staging`);
}

/** Replace `final` with `staging`: the old folder is moved aside first and removed last. */
export function swapInto(staging: string, final: string): void {
  const previous = join(dirname(final), `.${basename(final)}-previous`);
  rmSync(previous, { recursive: true, force: true });
  if (existsSync(final)) renameSync(final, previous);
  renameSync(staging, final);
  rmSync(previous, { recursive: true, force: true });
}

export default function stagedOutput(): AstroIntegration {
  let final = '';
  let staging = '';
  let finished = false;
  return {
    name: 'adjoint:staged-output',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig }) => {
        if (command !== 'build') return;
        final = fileURLToPath(config.outDir);
        staging = stagingDir(final);
        // Left over by a build that was killed: never part of a site.
        rmSync(staging, { recursive: true, force: true });
        updateConfig({ outDir: pathToFileURL(`${staging}/`) });
        process.once('exit', () => {
          if (!finished) rmSync(staging, { recursive: true, force: true });
        });
      },
      'astro:build:done': ({ logger }) => {
        if (!staging) return;
        swapInto(staging, final);
        finished = true;
        logger.info(`checked site moved into ${final}`);
      },
    },
  };
}
