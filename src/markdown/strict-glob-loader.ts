// Astro's glob loader, made strict for a publishing tool:
//  - a frontmatter error names the file (Astro's own message names only the entry id);
//  - a Markdown file that fails to render (a KaTeX error, an unknown \eqref…) fails the
//    sync, hence the build, instead of being logged and published as an empty page.
import { glob } from 'astro/loaders';
import type { Loader, LoaderContext } from 'astro/loaders';
import { relative } from 'node:path';

function withFile(error: unknown, filePath: string | undefined): Error {
  const where = filePath ? relative(process.cwd(), filePath) : 'an entry';
  const message = error instanceof Error ? error.message : String(error);
  // No `cause`: Astro would print the same schema message a second time.
  const wrapped = new Error(`Invalid frontmatter in ${where}:\n${message}`);
  if (error instanceof Error) Object.assign(wrapped, { name: error.name, hint: (error as { hint?: string }).hint });
  return wrapped;
}

export function strictGlob(options: Parameters<typeof glob>[0]): Loader {
  const inner = glob(options);
  return {
    name: 'adjoint-strict-glob',
    async load(context: LoaderContext) {
      const renderErrors: string[] = [];
      const logger = Object.create(context.logger) as LoaderContext['logger'];
      logger.error = (message: string) => {
        // The glob loader catches render failures and reports them only here.
        if (message.startsWith('Error rendering')) renderErrors.push(message);
        context.logger.error(message);
      };
      await inner.load({
        ...context,
        logger,
        parseData: async (props) => {
          try {
            return await context.parseData(props);
          } catch (error) {
            throw withFile(error, props.filePath);
          }
        },
      });
      if (renderErrors.length > 0) {
        throw new Error(
          `${renderErrors.length} Markdown file(s) could not be rendered:\n` +
            renderErrors.map((line) => `  ${line.replace(/^Error rendering /, '')}`).join('\n'),
        );
      }
    },
  };
}
