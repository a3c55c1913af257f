// loss-slice's attribute table: what an author may write in ::loss-slice{…}, declared once;
// the same table reads and writes the reader's state in the page URL.
import { int, oneOf } from '../attributes.ts';
import { defineWidget } from '../types.ts';
import { ACTIVATIONS, SLICES } from './core.ts';

export const spec = defineWidget({
  name: 'loss-slice',
  summary:
    'The loss of a one-hidden-layer network on a plane through its weights, as a heatmap the reader can re-slice: computed by the engine, with the worst failure of convexity marked.',
  attributes: {
    activation: oneOf(ACTIVATIONS, { default: 'relu', doc: 'The hidden activation: relu, tanh, min (min(z, 0)) or linear (none).' }),
    slice: oneOf(SLICES, {
      default: 'swap',
      doc: 'swap: the plane through the trained weights θ and the same network with two hidden units exchanged (equal loss). random: two random directions through θ.',
    }),
    seed: int({ min: 1, max: 999, default: 1, doc: 'Seed of the random direction(s); the reader’s “Another slice” button moves it.' }),
  },
});
