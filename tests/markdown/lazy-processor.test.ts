// The config's processor loads the plugins only when Astro first asks for a renderer.
import { describe, expect, test, vi } from 'vitest';
import { lazyUnified } from '../../src/markdown/lazy-processor.ts';

describe('lazyUnified', () => {
  test('loads the plugins once, on the first renderer, ahead of those added since', async () => {
    const marked: string[] = [];
    const remarkMark = () => () => void marked.push('remark');
    const rehypeMark = () => () => void marked.push('rehype');
    const added = () => () => void marked.push('added');
    const load = vi.fn(async () => ({ remarkPlugins: [remarkMark], rehypePlugins: [rehypeMark] }));
    const processor = lazyUnified(load);
    processor.options.remarkPlugins.push(added); // as an integration would
    expect(load).not.toHaveBeenCalled();

    const shared = { syntaxHighlight: false as const };
    const [first, second] = await Promise.all([processor.createRenderer(shared), processor.createRenderer(shared)]);
    expect(load).toHaveBeenCalledTimes(1);
    await first.render('Hello *world*.');
    expect(marked).toEqual(['remark', 'added', 'rehype']);
    expect((await second.render('Again.')).code).toBe('<p>Again.</p>');
  });
});
