// The playground's attribute table: the state's fields (state.ts, also the URL's) and the
// view it opens on. Declared once; the directive, the guide, the URL and the controls derive from it.
import { oneOf } from '../attributes.ts';
import { defineWidget } from '../types.ts';
import { TAB_NAMES } from './markup.ts';
import { FIELDS } from './state.ts';

export const spec = defineWidget({
  name: 'nn-playground',
  summary:
    'Train a one-hidden-layer network on 2-D data, watch its decision boundary, every backprop ' +
    'intermediate and a gradient check (hand formulas vs autodiff vs finite differences).',
  attributes: {
    ...FIELDS,
    // Not part of the run's state (nor of the URL): which view the figure opens on.
    tab: oneOf(TAB_NAMES, {
      default: 'network',
      doc: 'The view shown first: the network diagram, the loss curves, the backprop pass, or the gradient check.',
    }),
  },
});
