// The attribute table of a widget, generated from its spec so the authoring guide cannot
// drift from what the directive plugin accepts. Used by `::widget-docs{widget=…}`.
import { type Attr, authorAttributes } from './attributes.ts';
import { escapeHtml } from './html.ts';
import type { WidgetSpec } from './types.ts';

function values(attr: Attr): string {
  switch (attr.type) {
    case 'int':
      return `integer, ${attr.min} to ${attr.max}`;
    case 'number':
      return `number, ${attr.min} to ${attr.max}`;
    case 'enum':
      return attr.values.map((value) => `<code>${escapeHtml(value)}</code>`).join(' ');
    case 'boolean':
      return '<code>true</code> <code>false</code>';
    case 'text':
      return escapeHtml(attr.describe);
  }
}

/** `<table>` of attribute, values, default and description, the shared ones last. */
export function renderAttributeTable(spec: WidgetSpec): string {
  const rows = Object.entries(authorAttributes(spec.attributes)).map(
    ([name, attr]) =>
      `<tr><th scope="row"><code>${escapeHtml(name)}</code></th><td>${values(attr)}</td>` +
      `<td><code>${escapeHtml(String(attr.default))}</code></td><td>${escapeHtml(attr.doc)}</td></tr>`,
  );
  return (
    `<table><caption>Attributes of <code>::${escapeHtml(spec.name)}</code>: ${escapeHtml(spec.summary)}</caption>` +
    `<thead><tr><th scope="col">Attribute</th><th scope="col">Values</th><th scope="col">Default</th><th scope="col">What it does</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
