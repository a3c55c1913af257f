// Placeholder static HTML; replaced by the real first frame below once the core lands.
import type { State } from './state.ts';

export function renderStaticHtml(state: State): string {
  return `<div class="nnp"><p>Shallow-net playground: ${state.dataset}, ${state.hidden} hidden units, ${state.activation}.</p></div>`;
}
