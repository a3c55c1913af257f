// Build-time side of the playground: its Markdown attributes (derived from the state's
// field table, so the directive, the URL and the controls can never disagree) and the
// static HTML a reader sees before, or without, JavaScript.
import type { AttrSpec, WidgetSpec } from '../types.ts';
import { FIELDS, FIELD_NAMES, defaults, type Field } from './state.ts';
import { renderStaticHtml } from './static.ts';

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

export const spec: WidgetSpec = {
  name: 'nn-playground',
  summary:
    'Train a one-hidden-layer network on 2-D data, watch its decision boundary, every backprop ' +
    'intermediate and a gradient check (hand formulas vs autodiff vs finite differences).',
  attributes,
  renderStatic: (attrs) => renderStaticHtml(defaults(attrs)),
};
