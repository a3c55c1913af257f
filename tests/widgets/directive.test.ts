// The widget directive plugin in a real unified pipeline, on Markdown strings.
import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, test, vi } from 'vitest';
import remarkWidgets, { widgetsUsed } from '../../src/markdown/remark-widgets.ts';
import { bool, int, num, oneOf } from '../../src/widgets/attributes.ts';
import { type BuildWidget, type RenderStatic, defineWidget } from '../../src/widgets/types.ts';

// The plugin on its own: the real widgets are tested in registry.test.ts and their own files.
vi.mock('../../src/widgets/registry.build.ts', () => ({ registry: {} }));

// A widget with one attribute of each type, so the tests do not depend on real widgets.
const demoSpec = defineWidget({
  name: 'demo',
  summary: 'A test widget.',
  attributes: {
    hidden: int({ min: 1, max: 16, default: 4, doc: 'Hidden units.' }),
    rate: num({ min: 0.001, max: 10, default: 0.5, doc: 'Learning rate.' }),
    activation: oneOf(['tanh', 'relu', 'sigmoid'], { default: 'tanh', doc: 'Activation.' }),
    grid: bool({ default: false, doc: 'Show a grid.' }),
  },
});
// Typed by the table: attrs.hidden is a number, attrs.activation 'tanh' | 'relu' | 'sigmoid'.
const renderStatic: RenderStatic<typeof demoSpec> = (attrs) =>
  `<p class="first-frame">hidden=${attrs.hidden} &amp; ${attrs.activation}</p>`;
const demo: BuildWidget = { ...demoSpec, renderStatic };
const testRegistry = { demo, 'demo-two': { ...demo, name: 'demo-two' } };

function processor() {
  return unified().use(remarkParse).use(remarkWidgets, { registry: testRegistry }).use(remarkRehype).use(rehypeStringify);
}

async function render(markdown: string) {
  const file = new VFile({ value: markdown, path: `${process.cwd()}/content/posts/example.md` });
  const output = await processor().process(file);
  const frontmatter = (output.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro?.frontmatter;
  return { html: String(output.value), widgets: widgetsUsed(frontmatter) };
}

/** The message of the build failure for `markdown`. */
async function failure(markdown: string): Promise<string> {
  try {
    await render(markdown);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the directive to fail');
}

function dataAttrs(html: string): Record<string, unknown> {
  const match = /data-attrs="([^"]*)"/.exec(html);
  if (!match) throw new Error(`no data-attrs in ${html}`);
  return JSON.parse(match[1].replaceAll('&#x22;', '"').replaceAll('&quot;', '"')) as Record<string, unknown>;
}

describe('valid directives', () => {
  test('become a figure with the parsed attributes, the static HTML and the widget recorded', async () => {
    const { html, widgets } = await render('Text.\n\n::demo{hidden=8 rate=0.01 activation=relu grid}\n');
    expect(html).toContain('<figure class="widget widget--inline" data-widget="demo"');
    expect(dataAttrs(html)).toEqual({ hidden: 8, rate: 0.01, activation: 'relu', grid: true });
    expect(html).toContain('<div class="widget__body"><p class="first-frame">hidden=8 &#x26; relu</p></div>');
    expect(widgets).toEqual(['demo']);
  });

  test('fill in defaults for attributes left out', async () => {
    const { html } = await render('::demo\n');
    expect(dataAttrs(html)).toEqual({ hidden: 4, rate: 0.5, activation: 'tanh', grid: false });
  });

  test('placement=aside sets the layout class and is not passed to the widget', async () => {
    const { html } = await render('::demo{placement=aside}\n');
    expect(html).toContain('class="widget widget--aside"');
    expect(dataAttrs(html)).not.toHaveProperty('placement');
  });

  test('an aside widget takes the text after it, headings included, up to a --- rule, into its section', async () => {
    const { html } = await render('Before.\n\n::demo{placement=aside}\n\nOne.\n\n## Next\n\nTwo.\n\n---\n\nAfter.\n');
    expect(html.replaceAll('\n', '')).toMatch(
      /^<p>Before.<\/p><div class="widget-section"><figure class="widget widget--aside"[^>]*>.*?<\/figure><div class="widget-section__text"><p>One.<\/p><h2>Next<\/h2><p>Two.<\/p><\/div><\/div><hr><p>After.<\/p>$/,
    );
  });

  test('without a rule, the section runs to the end of the post', async () => {
    const { html } = await render('::demo{placement=aside}\n\nOne.\n\n## Next\n\nTwo.\n');
    expect(html.replaceAll('\n', '')).toMatch(/<div class="widget-section__text"><p>One.<\/p><h2>Next<\/h2><p>Two.<\/p><\/div><\/div>$/);
  });

  test('a second aside starts a new section; an aside in a list stays inline', async () => {
    const { html } = await render('::demo{placement=aside}\n\nA.\n\n::demo-two{placement=aside}\n\nB.\n\n- ::demo{placement=aside}\n');
    expect(html.match(/class="widget-section"/g)).toHaveLength(2);
    expect(html).toMatch(/<li>\s*<figure class="widget widget--inline"/);
  });

  test('accept quoted values, booleans written out, an #id and a Markdown caption', async () => {
    const { html } = await render('::demo[Training *live*]{#net activation="sigmoid" grid=false}\n');
    expect(html).toContain('id="net"');
    expect(dataAttrs(html)).toMatchObject({ activation: 'sigmoid', grid: false });
    expect(html).toContain('<figcaption class="widget__caption">Training <em>live</em></figcaption>');
  });

  test('record each widget once, sorted, and none for a page without widgets', async () => {
    expect((await render('::demo-two\n\n::demo\n\n::demo{hidden=2}\n')).widgets).toEqual(['demo', 'demo-two']);
    expect((await render('Just prose.\n')).widgets).toEqual([]);
  });

  test('work inside lists and block quotes', async () => {
    const { html } = await render('> ::demo\n\n- item\n\n  ::demo-two\n');
    expect(html).toContain('data-widget="demo"');
    expect(html).toContain('data-widget="demo-two"');
  });

  test('::widget-docs renders the attribute table from the spec', async () => {
    const { html, widgets } = await render('::widget-docs{widget=demo}\n');
    expect(html).toContain('<caption>Attributes of <code>::demo</code>');
    for (const name of ['hidden', 'rate', 'activation', 'grid', 'placement']) expect(html).toContain(`<code>${name}</code>`);
    expect(html).toContain('integer, 1 to 16');
    expect(widgets).toEqual([]);
  });
});

describe('mistakes fail with file:line:column, what was wrong and what is valid', () => {
  const where = 'content/posts/example.md';

  test('unknown widget, with a suggestion and the list of widgets', async () => {
    expect(await failure('Intro.\n\n::dmo{hidden=2}\n')).toBe(
      `${where}:3:1: unknown widget "::dmo". Did you mean "::demo"? Available widgets: demo, demo-two.`,
    );
  });

  test('unknown attribute', async () => {
    expect(await failure('::demo{hiden=3}\n')).toBe(
      `${where}:1:1: ::demo: unknown attribute "hiden". Did you mean "hidden"? Valid attributes: hidden, rate, activation, grid, placement.`,
    );
  });

  test('integer out of range, or not an integer', async () => {
    expect(await failure('\n\n  ::demo{hidden=17}\n')).toBe(`${where}:3:3: ::demo: hidden must be an integer from 1 to 16, got "17".`);
    expect(await failure('::demo{hidden=2.5}\n')).toBe(`${where}:1:1: ::demo: hidden must be an integer from 1 to 16, got "2.5".`);
    expect(await failure('::demo{hidden}\n')).toBe(`${where}:1:1: ::demo: hidden must be an integer from 1 to 16, got "".`);
  });

  test('number out of range, or not a number', async () => {
    expect(await failure('::demo{rate=20}\n')).toBe(`${where}:1:1: ::demo: rate must be a number from 0.001 to 10, got "20".`);
    expect(await failure('::demo{rate=fast}\n')).toBe(`${where}:1:1: ::demo: rate must be a number from 0.001 to 10, got "fast".`);
    expect(await failure('::demo{rate=Infinity}\n')).toContain('got "Infinity"');
  });

  test('bad enum value lists the valid ones', async () => {
    expect(await failure('::demo{activation=Tanh}\n')).toBe(
      `${where}:1:1: ::demo: activation must be one of tanh, relu, sigmoid, got "Tanh". Did you mean "tanh"?`,
    );
    expect(await failure('::demo{placement=side}\n')).toBe(
      `${where}:1:1: ::demo: placement must be one of inline, aside, got "side". Did you mean "aside"?`,
    );
  });

  test('bad boolean', async () => {
    expect(await failure('::demo{grid=yes}\n')).toBe(
      `${where}:1:1: ::demo: grid must be true or false (the bare name means true), got "yes".`,
    );
  });

  test('an attribute written twice, which the directive parser would silently reduce to the last', async () => {
    expect(await failure('Text.\n\n::demo{hidden=1 hidden=2}\n')).toBe(
      `${where}:3:1: ::demo: the attribute "hidden" is written twice; write it once (only one value can apply).`,
    );
    expect(await failure('::demo[a caption {hidden=1}]{rate=0.1 activation="relu" rate=0.2}\n')).toContain(
      ':1:1: ::demo: the attribute "rate" is written twice',
    );
    expect(await failure('::demo{#a hidden=2 #b}\n')).toContain(':1:1: ::demo: the attribute "id" is written twice');
    expect(await failure('::widget-docs{widget=demo widget=demo-two}\n')).toContain(
      ':1:1: ::widget-docs: the attribute "widget" is written twice',
    );
    // The same text in the caption is not a repeat (quoted values: see attributes.test.ts).
    const { html } = await render('::demo[hidden=1]{hidden=2 activation="relu"}\n');
    expect(html).toContain('hidden=2 &#x26; relu');
  });

  test('an #id used twice', async () => {
    expect(await failure('::demo{#net}\n\n::demo-two{#net}\n')).toBe(
      `${where}:3:1: the id #net is already used by the ::demo on line 1; ids must be unique in a page.`,
    );
  });

  test('class names are refused', async () => {
    expect(await failure('::demo{.wide}\n')).toContain(':1:1: ::demo: class names ({.wide}) are not supported on widgets');
  });

  test('a widget written as a text or container directive says how to write it', async () => {
    expect(await failure('See :demo{hidden=2} here.\n')).toBe(
      `${where}:1:5: :demo is not how widgets are written: use a leaf directive, two colons at the start of a line of its own, e.g. ::demo{…}.`,
    );
    expect(await failure(':::demo\ntext\n:::\n')).toContain(`${where}:1:1: :::demo is not how widgets are written`);
    // Text after the directive on the same line makes it plain text: say so.
    expect(await failure('::demo{hidden=2} and more\n')).toBe(
      `${where}:1:1: ::demo was not read as a widget: a directive must be alone on its line, with its {…} closed and nothing after it.`,
    );
    expect(await failure('Text\n::demo{hidden=2} more\n')).toContain(`${where}:2:1: ::demo was not read as a widget`);
    // Escaped, it is text.
    expect(await failure('::demo{hidden=2\n')).toContain(`${where}:1:1: ::demo was not read as a widget`);
    expect(await failure('Text\n::demo is a widget\n')).toContain(`${where}:2:1: ::demo was not read as a widget`);
    expect((await render('Text\n\\::demo is a widget\n')).html).toBe('<p>Text\n::demo is a widget</p>');
    // Prose that merely mentions a widget mid-line is fine.
    expect((await render('The ::demo widget.\n')).html).toBe('<p>The ::demo widget.</p>');
  });

  test('a deliberate-looking directive nothing handles fails, with the escape as a hint', async () => {
    expect(await failure('Press :kbd[Ctrl] now.\n')).toBe(
      `${where}:1:7: :kbd is a directive, but no plugin handles it. Widgets are written ::name{…} on a line of their own (demo, demo-two). If you meant the text, escape the colon: \\:kbd.`,
    );
    expect(await failure('Text.\n\n:::note\nBe careful.\n:::\n')).toContain(
      `${where}:3:1: :::note is a directive, but no plugin handles it.`,
    );
    // The escape works: the text stays.
    expect((await render('Press \\:kbd[Ctrl] now.\n')).html).toBe('<p>Press :kbd[Ctrl] now.</p>');
  });

  test('::widget-docs needs a known widget', async () => {
    expect(await failure('::widget-docs\n')).toBe(`${where}:1:1: ::widget-docs needs widget=…, one of demo, demo-two.`);
    expect(await failure('::widget-docs{widget=dem}\n')).toBe(
      `${where}:1:1: ::widget-docs: widget must be one of demo, demo-two, got "dem". Did you mean "demo"?`,
    );
  });

  test('a widget whose static rendering throws is reported at the directive', async () => {
    const broken = {
      ...demo,
      renderStatic: () => {
        throw new Error('no data');
      },
    };
    const file = new VFile({ value: 'x\n\n::demo\n', path: 'post.md' });
    const run = unified()
      .use(remarkParse)
      .use(remarkWidgets, { registry: { demo: broken } })
      .use(remarkRehype)
      .use(rehypeStringify);
    await expect(run.process(file)).rejects.toThrow('post.md:3:1: the demo widget failed to render its static HTML: no data');
  });
});

describe('prose with colons is untouched', () => {
  test.each([
    ['a time', 'We met at 10:30 and left at 11:45.'],
    ['a ratio and a label', 'The ratio a:b is 3:2. Note:this matters.'],
    ['a URL and C++', 'See https://example.org/a:b and std::vector or ::global.'],
    ['emoji-style shortcodes', 'Nice :smile: work :+1:'],
  ])('%s', async (_, prose) => {
    const { html, widgets } = await render(`${prose}\n`);
    expect(html).toBe(`<p>${prose.replace('::global', '::global')}</p>`);
    expect(widgets).toEqual([]);
  });

  test('a colon in a widget caption', async () => {
    const { html } = await render('::demo[Trained at 10:30, ratio a:b]\n');
    expect(html).toContain('<figcaption class="widget__caption">Trained at 10:30, ratio a:b</figcaption>');
  });

  test('a colon inside emphasis, links and code', async () => {
    const { html } = await render('*at 9:15* [x:y](https://e.org) `a::b`\n');
    expect(html).toBe('<p><em>at 9:15</em> <a href="https://e.org">x:y</a> <code>a::b</code></p>');
  });
});
