// ::autodiff-graph and ::dual-sqrt at build time: attributes (errors at file:line:column
// through the real directive plugin), the static first frame (SVG with values and
// adjoints), the URL state round trip, the layout, and the Babylonian iterates.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, test } from 'vitest';
import remarkWidgets from '../../../src/markdown/remark-widgets.ts';
import { resolveAttributes } from '../../../src/widgets/attributes.ts';
import { iterates } from '../../../src/widgets/dual-sqrt/core.ts';
import { spec as dualSpec } from '../../../src/widgets/dual-sqrt/spec.ts';
import { renderStatic as renderDualStatic } from '../../../src/widgets/dual-sqrt/static.build.ts';
import { layoutGraph } from '../../../src/widgets/autodiff-graph/layout.ts';
import { buildGraph } from '../../../src/widgets/autodiff-graph/model.ts';
import { describeStep, layoutOf } from '../../../src/widgets/autodiff-graph/render.ts';
import { spec } from '../../../src/widgets/autodiff-graph/spec.ts';
import { renderStatic } from '../../../src/widgets/autodiff-graph/static.build.ts';
import { type GraphState, fromParams, parseSeed, toParams } from '../../../src/widgets/autodiff-graph/state.ts';
import { frameAt } from '../../../src/widgets/autodiff-graph/stepper.ts';

async function build(markdown: string): Promise<string> {
  const file = new VFile({ value: markdown, path: `${process.cwd()}/post.md` });
  const out = await unified().use(remarkParse).use(remarkWidgets).use(remarkRehype).use(rehypeStringify).process(file);
  return String(out.value);
}
async function failure(markdown: string): Promise<string> {
  try {
    await build(markdown);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected ${markdown} to fail`);
}

describe('the static first frame', () => {
  test('the survey example: an SVG with every value and, in reverse mode, every adjoint', async () => {
    const html = await build('Text.\n\n::autodiff-graph{f="ln(x1) + x1*x2 - sin(x2)" at="x1=2, x2=5"}\n');
    expect(html).toContain('data-widget="autodiff-graph"');
    expect(html).toContain('<svg class="adg-svg"');
    // Values and adjoints in the nodes (v₋₁: 2 and 5.5; v₀: 5 and 1.716; v₅: 11.65 and 1).
    for (const text of ['>2<', '>v̄ 5.5<', '>5<', '>v̄ 1.716<', '>11.65<', '>0.6931<', '>−0.9589<']) expect(html).toContain(text);
    // The accumulated adjoint of x1 in the table, term by term.
    expect(html).toContain('v̄₋₁ = v̄₂·5 + v̄₁·0.5 = 5.5');
    expect(html).toContain('Gradient so far: ∂f/∂x1 = 5.5, ∂f/∂x2 = 1.716.');
    // Controls are present and disabled until the script runs.
    expect(html).toMatch(/<input type="text" name="f" value="ln\(x1\) \+ x1\*x2 - sin\(x2\)"[^>]* disabled>/);
  });

  test('forward mode: the output as a dual number; the guide’s kink example is marked', async () => {
    const html = await build('::autodiff-graph{f="ln(x1) + x1*x2 - sin(x2)" at="x1=2, x2=5" mode=tangent}\n');
    expect(html).toContain('>11.7 + 5.5ε<');
    const kinks = await build('::autodiff-graph{f="relu(x) + abs(x - y)" at="x=0, y=0"}\n');
    expect(kinks).toContain('relu at 0, slope 0 from the left, 1 from the right; the engine uses 0 (PyTorch convention).');
    expect(kinks).toContain('class="adg-node adg-node--op is-done is-kink"');
  });

  test('forward mode: the seed is a toggle button per unit vector and a number field per variable, disabled until the script runs', async () => {
    const html = await build('::autodiff-graph{f="x*y + z" at="x=1, y=2, z=3" mode=tangent}\n');
    const seed = html.match(/<fieldset class="adg__seed" data-part="seed">.*?<\/fieldset>/)?.[0] ?? '';
    expect(seed).toContain('<legend>Seed ẋ, the direction of the forward pass</legend>');
    // e₁ is the first pass's seed, so its button is pressed; one button and one field per variable.
    expect(seed.match(/<button type="button" data-seed="\d" aria-pressed="(true|false)" disabled>/g)).toEqual([
      '<button type="button" data-seed="0" aria-pressed="true" disabled>',
      '<button type="button" data-seed="1" aria-pressed="false" disabled>',
      '<button type="button" data-seed="2" aria-pressed="false" disabled>',
    ]);
    expect(seed).toContain('e₃ <span class="adg__seed-gives">(∂f/∂z)</span>');
    expect(seed.match(/<input type="number" name="seed-(\d)" step="any" value="(\d)"/g)).toEqual([
      '<input type="number" name="seed-0" step="any" value="1"',
      '<input type="number" name="seed-1" step="any" value="0"',
      '<input type="number" name="seed-2" step="any" value="0"',
    ]);
    // Outside forward mode the seed is not shown.
    expect(await build('::autodiff-graph{f="x*y" at="x=1, y=2" mode=adjoint}\n')).toContain(
      '<fieldset class="adg__seed" data-part="seed" hidden>',
    );
  });

  test('deterministic', () => {
    const { attrs } = resolveAttributes(spec, {});
    expect(renderStatic(attrs)).toBe(renderStatic(attrs));
  });
});

describe('bad attributes stop the build at the directive, with the column inside the value', () => {
  test.each([
    [
      '::autodiff-graph{f="ln(x1 + 2" at="x1=2"}',
      'post.md:1:1: ::autodiff-graph: f="ln(x1 + 2": column 10: expected ")" to close ln(, found the end.',
    ],
    [
      '::autodiff-graph{f="2x" at="x=1"}',
      'post.md:1:1: ::autodiff-graph: f="2x": column 2: a number followed by "x": write * for a product, e.g. 2*x.',
    ],
    ['::autodiff-graph{at="x1=2, x2="}', 'post.md:1:1: ::autodiff-graph: at="x1=2, x2=": column 7: expected name=value'],
    [
      '::autodiff-graph{f="x*y" at="x=1"}',
      'post.md:1:1: the autodiff-graph widget failed to render its static HTML: f: column 3: y has no value: add y=… to the point.',
    ],
  ])('%s', async (markdown, message) => {
    expect(await failure(`${markdown}\n`)).toContain(message);
  });

  test('the authoring guide quotes the real message', async () => {
    const guide = readFileSync('content/posts/guide/widgets.md', 'utf8');
    const message = await failure('::autodiff-graph{f="ln(x1 + 2" at="x1=2"}\n');
    expect(guide).toContain(message.replace(/^.*::autodiff-graph: /, ''));
  });
});

describe('state in the URL', () => {
  const base: GraphState = { f: 'x*y', at: 'x=1, y=2', mode: 'adjoint', step: 3, seed: [1, 0] };
  test('round trip, with a prefix per figure', () => {
    fc.assert(
      fc.property(
        fc.record({
          f: fc.string({ minLength: 1, maxLength: 40 }),
          at: fc.string({ minLength: 1, maxLength: 40 }),
          mode: fc.constantFrom('primal', 'tangent', 'adjoint' as const),
          step: fc.integer({ min: 0, max: 9999 }),
          seed: fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 1, maxLength: 4 }),
        }),
        (state) => {
          const params = new URLSearchParams();
          toParams(state as GraphState, params, 'g2.');
          expect(fromParams(new URLSearchParams(params.toString()), 'g2.', base)).toEqual(state);
        },
      ),
    );
  });
  test('invalid values fall back to the base', () => {
    expect(fromParams(new URLSearchParams('g.mode=sideways&g.step=-1&g.seed=a,b'), 'g.', base)).toEqual(base);
    expect(parseSeed('1, 0  2')).toEqual([1, 0, 2]);
    expect(parseSeed('')).toBeNull();
  });
});

describe('layout', () => {
  test('left to right: every edge points right, nodes of a rank do not overlap', () => {
    const g = buildGraph('ln(x1) + x1*x2 - sin(x2) + tanh(x1*3) * max(x2, 1)', 'x1=2, x2=5');
    const layout = layoutOf(g);
    for (const e of g.edges) expect(layout.x[e.to]!).toBeGreaterThan(layout.x[e.from]!);
    const byRank = new Map<number, number[]>();
    g.nodes.forEach((n) => {
      byRank.set(layout.rank[n.id]!, [...(byRank.get(layout.rank[n.id]!) ?? []), layout.y[n.id]!]);
    });
    for (const ys of byRank.values()) {
      ys.sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(layout.nodeHeight);
    }
    for (let i = 0; i < g.nodes.length; i++) {
      expect(layout.x[i]! + layout.nodeWidth).toBeLessThanOrEqual(layout.width);
      expect(layout.y[i]! + layout.nodeHeight).toBeLessThanOrEqual(layout.height + 1e-9);
      expect(layout.y[i]!).toBeGreaterThanOrEqual(0);
    }
  });

  test('a 1 000-node unrolled recurrence lays out (a constant sits next to its reader)', () => {
    // h ← tanh(w·h + c_k), 250 steps: w is one node read by every step.
    const nodes: { id: number; inputs: number[]; floating?: boolean }[] = [
      { id: 0, inputs: [] },
      { id: 1, inputs: [] },
    ];
    let h = 1;
    for (let k = 0; k < 249; k++) {
      const base = nodes.length;
      nodes.push({ id: base, inputs: [0, h] }, { id: base + 1, inputs: [], floating: true }, { id: base + 2, inputs: [base, base + 1] });
      nodes.push({ id: base + 3, inputs: [base + 2] });
      h = base + 3;
    }
    expect(nodes.length).toBeGreaterThanOrEqual(998);
    const layout = layoutGraph(nodes);
    expect(layout.rank[h]).toBe(3 * 249);
    expect(layout.rank[nodes[3]!.id]).toBe(layout.rank[nodes[4]!.id]! - 1);
    expect(Number.isFinite(layout.height)).toBe(true);
  });
});

describe('the announcement of each step', () => {
  const g = buildGraph('ln(x1) + x1*x2 - sin(x2)', 'x1=2, x2=5');
  test.each([
    ['primal', 2, 'Step 2 of 5: v₂ = v₋₁ · v₀ = 10.'],
    ['tangent', 2, 'Step 2 of 5: v̇₂ = 5·v̇₋₁ + 2·v̇₀ = 5, so v₂ = 10 + 5ε.'],
    ['adjoint', 1, 'Step 1 of 6: seed the output, v̄₅ = ȳ = 1.'],
    ['adjoint', 6, 'Step 6 of 6: v₁ pushes v̄₁ = 1 back: v₋₁ gets 1·0.5 = 0.5. Final: v̄₋₁ = 5.5.'],
  ] as const)('%s step %i', (mode, step, text) => {
    expect(describeStep(g, frameAt(g, mode, step, [1, 0]), [1, 0])).toBe(text);
  });
});

describe('dual-sqrt: the Babylonian square root on x + 1·ε', () => {
  test('the ε-part follows ṫ ← (ṫ + (t − x·ṫ)/t²)/2 and both parts converge', () => {
    for (const x of [0.01, 0.5, 2, 10, 9999]) {
      const its = iterates(x, 12);
      let t = 1;
      let dt = 0;
      for (const it of its.slice(1)) {
        [t, dt] = [(t + x / t) / 2, (dt + (t - x * dt) / t ** 2) / 2];
        expect(it.t).toBeCloseTo(t, 12);
        expect(Math.abs(it.dt - dt)).toBeLessThanOrEqual(1e-12 * Math.abs(dt) + 1e-15);
      }
      const last = its.at(-1)!;
      expect(last.error).toBeLessThan(1e-12 * Math.sqrt(x) + 1e-15);
      expect(last.dError).toBeLessThan(1e-9 / Math.sqrt(x));
    }
  });
  test('static frame', () => {
    const html = renderDualStatic(resolveAttributes(dualSpec, {}).attrs);
    expect(html).toContain('<td>1.41421356237</td>');
    expect(html).toContain('After 6 iterations');
  });
});
