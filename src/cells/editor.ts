// The cell editor: CodeMirror 6 with TypeScript, loaded only when a reader presses Edit.
// Token classes (`tok-*`) get their colours from cells.css: the exact colours Shiki gives the
// static code (github-light after our contrast nudge, github-dark-dimmed), as light-dark()
// pairs, so the editor follows the site theme without a second set of extensions.
//
// Keys: Ctrl/Cmd-Enter runs the cell; Escape leaves the editor (focus goes to Run), so Tab
// is not trapped: it moves focus as everywhere else on the page.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, indentOnInput, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap } from '@codemirror/view';
import { typescript as typescriptMode } from '@codemirror/legacy-modes/mode/javascript';
import { Tag, tagHighlighter, tags } from '@lezer/highlight';

// CodeMirror's own TypeScript mode (from its legacy modes) rather than the Lezer grammar of
// @codemirror/lang-javascript: the Lezer parse tables for JavaScript, TypeScript and JSX are
// ~40 KB gzipped, the mode ~6 KB, and a cell of a dozen lines needs no incremental syntax tree.
// What Shiki colours and the mode does not tell apart is added here: a name followed by `(`
// (or `<…>(`) is a function, a definition inside a parameter list is a parameter, and the
// return type of a one-line arrow is a type.
const parameter = Tag.define(tags.variableName);
const CALL = /^\s*(<[^<>()]*>\s*)?\(/;
const ARROW_AFTER_TYPE = /^\s*(\[\s*\])*\s*=>/;
type Lexical = { type?: string; prev?: Lexical };
/** Inside the parentheses of a parameter list, not those of `for (…)` or `catch (…)`. */
const inParameters = (state: unknown) => {
  const lexical = (state as { lexical?: Lexical }).lexical;
  return lexical?.type === ')' && lexical.prev?.type !== 'form';
};
const typescript = StreamLanguage.define<unknown>({
  ...typescriptMode,
  name: 'typescript',
  token(stream, state) {
    const style = typescriptMode.token(stream, state);
    if (style === 'variable' || style === 'variable-2' || style === 'property' || style === 'def') {
      if (CALL.test(stream.string.slice(stream.pos))) return 'callee';
      if (style === 'def' && inParameters(state)) return 'parameter';
      // The mode reads an arrow's return type, `(x): T =>`, as a variable.
      if (
        style === 'variable' &&
        /\)\s*:\s*$/.test(stream.string.slice(0, stream.start)) &&
        ARROW_AFTER_TYPE.test(stream.string.slice(stream.pos))
      )
        return 'type';
    }
    return style;
  },
  tokenTable: { callee: tags.function(tags.variableName), parameter },
});

/** Highlighting tags → classes, grouped as Shiki's TypeScript grammar colours them. */
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
