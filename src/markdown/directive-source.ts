// What remark-directive does not tell: its parser keeps only the last of a repeated
// attribute (`{x=1 x=2}` → x=2), so the repeat is found in the directive's source text.

/**
 * The first attribute name written twice in a directive's `{…}`, if any: `#id` counts as
 * `id`; `.class` may repeat (classes add up).
 * @example repeatedAttribute('::grad-check[a {caption}]{x=1 fn="a b" x=2}') // 'x'
 */
export function repeatedAttribute(source: string): string | undefined {
  const open = attributesStart(source);
  if (open < 0) return undefined;
  const seen = new Set<string>();
  let i = open + 1;
  while (i < source.length && source[i] !== '}') {
    if (/\s/.test(source[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < source.length && !/[\s=}]/.test(source[j])) j++;
    const token = source.slice(i, j);
    if (source[j] === '=') {
      j++;
      const quote = source[j];
      if (quote === '"' || quote === "'") {
        const close = source.indexOf(quote, j + 1);
        j = close < 0 ? source.length : close + 1;
      } else {
        while (j < source.length && !/[\s}]/.test(source[j])) j++;
      }
    }
    const name = token.startsWith('#') ? 'id' : token;
    if (name && !name.startsWith('.')) {
      if (seen.has(name)) return name;
      seen.add(name);
    }
    i = j;
  }
  return undefined;
}

/** Index of the `{` that opens the attributes of `::name[label]{…}`, or -1. */
function attributesStart(source: string): number {
  let i = source.search(/[[{]/);
  if (i < 0) return -1;
  if (source[i] === '[') {
    let depth = 0;
    for (; i < source.length; i++) {
      if (source[i] === '\\') i++;
      else if (source[i] === '[') depth++;
      else if (source[i] === ']' && --depth === 0) break;
    }
    i++;
  }
  return source[i] === '{' ? i : -1;
}
