// The engine is framework-free: every import in src/autodiff stays inside the folder.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../src/autodiff');
const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

describe('src/autodiff imports nothing outside its folder', () => {
  it('has files to check', () => expect(files.length).toBeGreaterThan(5));
  it.each(files)('%s', (f) => {
    const src = readFileSync(join(root, f), 'utf8');
    const specs = [...src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
      (m) => m[1] ?? m[2],
    );
    for (const s of specs) {
      expect(s, `${f} imports '${s}'`).toMatch(/^\.\.?\//);
      expect(resolve(root, f, '..', s).startsWith(`${root}/`), `${f} imports '${s}', outside src/autodiff`).toBe(true);
    }
    const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(code, 'no DOM and no unseeded randomness').not.toMatch(/Math\.random|document\.|window\./);
  });
});
