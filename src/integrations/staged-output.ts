// A build either replaces dist/ with a complete, checked site or leaves it exactly as it was.
// Astro writes pages as it renders them and the link checker can only run afterwards, so
// without this a failed check (or a page that throws half-way) would leave a dist/ holding
// the broken pages next to good ones, which a deploy step could ship. Instead `astro build`
// writes to a staging folder beside it (`.dist-staging/`); when every `astro:build:done` hook
// before this one has passed (list this integration last), the staging folder takes dist/'s
// place, and the old dist/ is deleted in the background. When the build fails, the staging
// folder is removed on exit and the previous dist/ (the last good build, or none) is untouched.
import type { AstroIntegration } from 'astro';
import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The folder a build writes to before it is moved to `outDir`: `.dist-staging` beside `dist`. */
export function stagingDir(outDir: string): string {
  const final = resolve(outDir);
  return join(dirname(final), `.${basename(final)}-staging`);
}

/** Delete a folder from a detached process, so the build does not wait for it. */
function removeInBackground(dir: string): void {
  const code = 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })';
  spawn(process.execPath, ['-e', code, dir], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * Replace `final` with `staging`: the old folder is renamed aside (`.dist-previous-<pid>`),
 * the new one renamed into place, then the old one removed by `remove` (by default at once;
 * the build passes a background delete, which saves it a large recursive delete).
 */
export function swapInto(staging: string, final: string, remove = (dir: string) => rmSync(dir, { recursive: true, force: true })): void {
  const previous = join(dirname(final), `.${basename(final)}-previous-${process.pid}`);
  rmSync(previous, { recursive: true, force: true });
  const hadPrevious = existsSync(final);
  if (hadPrevious) renameSync(final, previous);
  renameSync(staging, final);
  if (hadPrevious) remove(previous);
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
        swapInto(staging, final, removeInBackground);
        finished = true;
        logger.info(`checked site moved into ${final}`);
      },
    },
  };
}
