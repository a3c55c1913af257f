// How a cell shows values: console.log arguments and the cell's last expression. Pure; the
// same text at build time and in the browser. Tensors print as the engine's toString with
// their shape (like `Tensor [2, 2]` + NumPy layout), numbers as JavaScript writes them,
// arrays and objects nested, on one line when short and indented otherwise.
import { Tensor } from '../autodiff/index.ts';

const WIDTH = 72;

/** A value as a cell's output shows it (strings unquoted at top level, as console.log does). */
export function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : show(value, '', new Set());
}

/** The arguments of one console.log call, joined by spaces. */
export function formatLog(args: readonly unknown[]): string {
  return args.map(formatValue).join(' ');
}

/** An error as `Name: message`; engine errors keep their hints (they are in the message). */
export function formatError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Uncaught ${show(error, '', new Set())}`;
}

function show(value: unknown, indent: string, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
    case 'symbol':
      return String(value);
    case 'function':
      return `[Function${value.name ? ` ${value.name}` : ''}]`;
    default:
      break;
  }
  const object = value as object;
  if (object instanceof Tensor) return showTensor(object, indent);
  if (object instanceof Error) return formatError(object);
  if (seen.has(object)) return '[Circular]';
  seen.add(object);
  try {
    if (Array.isArray(object) || ArrayBuffer.isView(object)) {
      const items = Array.from(object as ArrayLike<unknown>, (item) => show(item, `${indent}  `, seen));
      const prefix = Array.isArray(object) ? '' : `${object.constructor.name} `;
      return wrap(`${prefix}[`, items, ']', indent);
    }
    if (object instanceof Map) {
      const items = [...object].map(([k, v]) => `${show(k, `${indent}  `, seen)} => ${show(v, `${indent}  `, seen)}`);
      return wrap(`Map(${object.size}) {`, items, '}', indent, ' ');
    }
    if (object instanceof Set) {
      return wrap(
        `Set(${object.size}) {`,
        [...object].map((item) => show(item, `${indent}  `, seen)),
        '}',
        indent,
        ' ',
      );
    }
    const entries = Object.entries(object).map(([key, item]) => `${keyText(key)}: ${show(item, `${indent}  `, seen)}`);
    const name = Object.getPrototypeOf(object)?.constructor?.name;
    const prefix = name && name !== 'Object' ? `${name} {` : '{';
    return entries.length === 0 ? `${prefix}}` : wrap(prefix, entries, '}', indent, ' ');
  } finally {
    seen.delete(object);
  }
}

function showTensor(t: Tensor, indent: string): string {
  const head = `Tensor [${t.shape.join(', ')}]`;
  const body = String(t);
  if (!body.includes('\n')) return `${head} ${body}`;
  // Indent continuation lines so a tensor inside an object stays aligned.
  return `${head}\n${indent}${body.split('\n').join(`\n${indent}`)}`;
}

/** `[a, b]` on one line when it fits and holds no line break, else one item a line. */
function wrap(open: string, items: string[], close: string, indent: string, pad = ''): string {
  const oneLine = `${open}${pad}${items.join(', ')}${pad}${close}`;
  if (oneLine.length + indent.length <= WIDTH && !oneLine.includes('\n')) return oneLine;
  return `${open}\n${items.map((item) => `${indent}  ${item}`).join(',\n')}\n${indent}${close}`;
}

function keyText(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}
