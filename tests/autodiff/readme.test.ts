// Runs every ```ts example in src/autodiff/README.md against the engine. A line ending in
// `// → text` must show `text` (tensors print as toString() on one line).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as A from '../../src/autodiff/index.ts';
import { Tensor } from '../../src/autodiff/index.ts';

const readme = readFileSync(resolve(import.meta.dirname, '../../src/autodiff/README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ({
  code: m[1],
  line: readme.slice(0, m.index).split('\n').length + 1,
}));

function show(v: unknown): string {
  if (v instanceof Tensor) return v.toString();
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${show(x)}`)
      .join(', ')} }`;
  return String(v);
}

describe('README examples run and print what they claim', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThan(15));
  it('every public export appears in an example', () => {
    const code = blocks.map((b) => b.code).join('\n');
    expect(Object.keys(A).filter((k) => !new RegExp(`\\b${k}\\b`).test(code))).toEqual([]);
  });
  it.each(blocks.map((b) => [b.line, b.code]))('block at README line %i', (line, code) => {
    const checks: { line: number; got: string; want: string }[] = [];
    const body = (code as string)
      .split('\n')
      .map((l, i) => {
        const m = /^(.*?)\s*\/\/ → (.*)$/.exec(l);
        return m ? `__check(() => (${m[1].replace(/;$/, '')}), ${JSON.stringify(m[2])}, ${(line as number) + i});` : l;
      })
      .join('\n');
    const check = (f: () => unknown, want: string, at: number) => checks.push({ line: at, got: show(f()).replace(/\n\s*/g, ' '), want });
    // Sloppy-mode Function so `with` can bring every engine export into scope, as if imported.
    new Function('__engine', '__check', `with (__engine) {\n${body}\n}`)(A, check);
    expect(checks.filter((c) => c.got !== c.want).map((c) => `README line ${c.line}: shows ${c.got}`)).toEqual([]);
    expect(checks.length).toBeGreaterThan(0);
    A.setConvention('pytorch');
  });
});
