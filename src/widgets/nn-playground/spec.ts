// Build-time side of the playground: its Markdown attributes (derived from the state's
// field table, so the directive, the URL and the controls can never disagree) and the
// static HTML a reader sees before, or without, JavaScript.
import type { AttrSpec, WidgetSpec } from '../types.ts';
import { FIELDS, FIELD_NAMES, defaults, type Field } from './state.ts';
import { TAB_NAMES, renderStaticHtml, type TabName } from './static.ts';

function attrFrom(field: Field): AttrSpec {
  return field.type === 'enum'
    ? { type: 'enum', values: field.values, default: field.default, doc: field.doc }
    : { type: field.type, min: field.min, max: field.max, default: field.default, doc: field.doc };
}

const attributes: Record<string, AttrSpec> = {};
for (const name of FIELD_NAMES) {
  const field: Field = FIELDS[name];
  if (field.attribute) attributes[name] = attrFrom(field);
}
// Not part of the run's state (nor of the URL): which view the figure opens on.
attributes.tab = {
  type: 'enum',
  values: TAB_NAMES,
  default: 'loss',
  doc: 'The view shown first: loss curves, weights, the backprop pass, or the gradient check.',
};

export const spec: WidgetSpec = {
  name: 'nn-playground',
  summary:
    'Train a one-hidden-layer network on 2-D data, watch its decision boundary, every backprop ' +
    'intermediate and a gradient check (hand formulas vs autodiff vs finite differences).',
  attributes,
  renderStatic: (attrs) => renderStaticHtml(defaults(attrs), (attrs.tab as TabName | undefined) ?? 'loss'),
};
