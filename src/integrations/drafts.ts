// Drafts show in `astro dev` and never in `astro build`. The switch is the Astro command
// itself, not Vite's mode: a NODE_ENV inherited from a test runner (NODE_ENV=test makes
// import.meta.env.DEV true) must not publish drafts.
import type { AstroIntegration } from 'astro';

export default function drafts(): AstroIntegration {
  return {
    name: 'adjoint:drafts',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        updateConfig({
          vite: { define: { 'import.meta.env.ADJOINT_SHOW_DRAFTS': JSON.stringify(command === 'dev') } },
        });
      },
    },
  };
}
