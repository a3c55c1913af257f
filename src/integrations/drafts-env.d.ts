// Set at build time by src/integrations/drafts.ts.
interface ImportMetaEnv {
  /** true under `astro dev` (drafts are shown), false in builds. */
  readonly ADJOINT_SHOW_DRAFTS?: boolean;
}
