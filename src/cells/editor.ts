// The cell editor: CodeMirror 6 with TypeScript, loaded only when a reader presses Edit.
// Token classes (`tok-*`) get their colours from cells.css: the exact colours Shiki gives the
// static code (github-light after our contrast nudge, github-dark-dimmed), as light-dark()
// pairs, so the editor follows the site theme without a second set of extensions.
//
// Keys: Ctrl/Cmd-Enter runs the cell; Escape leaves the editor (focus goes to Run), so Tab
// is not trapped: it moves focus as everywhere else on the page.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, indentOnInput, LRLanguage, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap } from '@codemirror/view';
import { styleTags, Tag, tagHighlighter, tags } from '@lezer/highlight';
import { parser } from '@lezer/javascript';

// The Lezer TypeScript grammar on its own: @codemirror/lang-javascript would add completion
// and snippets (about 5 KB gzipped) that a cell editor does not offer.
// Shiki colours parameters apart from other definitions; a tag of their own lets us do the same.
const parameter = Tag.define(tags.variableName);
const typescript = LRLanguage.define({
  name: 'typescript',
  parser: parser.configure({ dialect: 'ts', props: [styleTags({ 'ParamList/VariableDefinition': parameter })] }),
  languageData: {
    commentTokens: { line: '//', block: { open: '/*', close: '*/' } },
    closeBrackets: { brackets: ['(', '[', '{', "'", '"', '`'] },
  },
});

/** Lezer tags → classes, grouped as Shiki's TypeScript grammar colours them. */
const highlighter = tagHighlighter([
  {
    tag: [tags.keyword, tags.operator, tags.definitionOperator, tags.arithmeticOperator, tags.logicOperator, tags.compareOperator],
    class: 'tok-keyword',
  },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], class: 'tok-string' },
  { tag: [tags.number, tags.bool, tags.atom, tags.null], class: 'tok-number' },
  { tag: tags.comment, class: 'tok-comment' },
  { tag: [tags.definition(tags.variableName), tags.constant(tags.variableName)], class: 'tok-def' },
  { tag: parameter, class: 'tok-param' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], class: 'tok-function' },
  { tag: [tags.typeName, tags.className], class: 'tok-type' },
]);

export interface CellEditor {
  value(): string;
  setValue(source: string): void;
  focus(): void;
  destroy(): void;
}

export interface EditorHooks {
  onRun(): void;
  onEscape(): void;
  onChange(): void;
  /** The accessible name of the editing area. */
  label: string;
}

export function createEditor(parent: HTMLElement, doc: string, hooks: EditorHooks): CellEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-Enter',
              run: () => {
                hooks.onRun();
                return true;
              },
            },
            {
              key: 'Escape',
              run: () => {
                hooks.onEscape();
                return true;
              },
            },
          ]),
        ),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        typescript,
        syntaxHighlighting(highlighter),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': hooks.label, spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) hooks.onChange();
        }),
      ],
    }),
  });
  return {
    value: () => view.state.doc.toString(),
    setValue: (source) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source } }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
