// The engine is framework-free and deterministic: no DOM and no unseeded randomness in
// src/autodiff. (That it imports nothing outside its folder is the rule engine-closed in
// .dependency-cruiser.cjs, checked by `npm run deps`.)
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../src/autodiff');
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

describe('src/autodiff uses no DOM and no unseeded randomness', () => {
  it('has files to check', () => expect(files.length).toBeGreaterThan(5));
  it.each(files)('%s', (f) => {
    const code = readFileSync(join(root, f), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(code, 'no DOM and no unseeded randomness').not.toMatch(/Math\.random|document\.|window\./);
  });
});
