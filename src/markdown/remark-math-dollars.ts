// remark-math with a rule for the dollar sign, so prices stay prices. remark-math pairs
// any two `$` in a paragraph: "costs $5 and the course costs $10" would become the
// formula "5 and the course costs ". We follow pandoc's rule for single dollars
// (https://pandoc.org/MANUAL.html#extension-tex_math_dollars):
//   - an opening `$` must be followed by a non-space character;
//   - a closing `$` must be preceded by a non-space character (not a backslash: `\$` is a
//     literal dollar inside math too) and must not be followed by a digit;
// and, because TeX has no bare `$` inside `$…$`, the first `$` that cannot close ends the
// attempt: the opening `$` is then literal text. So `$5 and $10`, `$5.` … `$x$` and
// `$x$5` never swallow prose, while `$x$`, `$f'(x)$` and `$$…$$` work as before.
// `\$` always writes a literal dollar.
//
// Display math (`$$` on its own lines) is remark-math's own construct, unchanged.
import { mathFromMarkdown } from 'mdast-util-math';
import { math } from 'micromark-extension-math';
import type { Code, Construct, Effects, Extension, State, Token, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';

const DOLLAR = 36;
const SPACE = 32;
const BACKSLASH = 92;

/** Line endings are negative codes below -2 in micromark; -2 and -1 are tab parts. */
const isLineEnding = (code: Code) => code !== null && code < -2;
const isSpace = (code: Code) => code === null || code === SPACE || code < 0;
const isDigit = (code: Code) => code !== null && code >= 48 && code <= 57;

const base = math().text![DOLLAR] as Construct;

/** Inline math (`$…$` and `$$…$$` within a line) with the dollar rule above. */
export const mathText: Construct = {
  ...base,
  name: 'mathText',
  tokenize(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let sizeOpen = 0;
    let size = 0;
    let token: Token;
    let previous: Code = null;
    return start;

    function start(code: Code): State | undefined {
      effects.enter('mathText');
      effects.enter('mathTextSequence');
      return sequenceOpen(code);
    }

    function sequenceOpen(code: Code): State | undefined {
      if (code === DOLLAR) {
        effects.consume(code);
        sizeOpen++;
        return sequenceOpen;
      }
      // `$ 5`: not an opening dollar.
      if (sizeOpen === 1 && isSpace(code)) return nok(code);
      effects.exit('mathTextSequence');
      return between(code);
    }

    function between(code: Code): State | undefined {
      if (code === null) return nok(code);
      if (code === DOLLAR) {
        if (sizeOpen === 1 && (isSpace(previous) || previous === BACKSLASH)) {
          // `\$` inside math is TeX's literal dollar; a `$` after a space cannot close.
          if (previous !== BACKSLASH) return nok(code);
          effects.enter('mathTextData');
          return data(code);
        }
        token = effects.enter('mathTextSequence');
        size = 0;
        return sequenceClose(code);
      }
      if (code === SPACE) {
        effects.enter('space');
        effects.consume(code);
        effects.exit('space');
        previous = code;
        return between;
      }
      if (isLineEnding(code)) {
        effects.enter('lineEnding');
        effects.consume(code);
        effects.exit('lineEnding');
        previous = code;
        return between;
      }
      effects.enter('mathTextData');
      return data(code);
    }

    function data(code: Code): State | undefined {
      if (code === null || code === SPACE || isLineEnding(code) || (code === DOLLAR && previous !== BACKSLASH)) {
        effects.exit('mathTextData');
        return between(code);
      }
      effects.consume(code);
      previous = code;
      return data;
    }

    function sequenceClose(code: Code): State | undefined {
      if (code === DOLLAR) {
        effects.consume(code);
        size++;
        previous = code;
        return sequenceClose;
      }
      if (size === sizeOpen) {
        // `$x$5`: a dollar before a digit is a price, not the end of a formula.
        if (sizeOpen === 1 && isDigit(code)) return nok(code);
        effects.exit('mathTextSequence');
        effects.exit('mathText');
        return ok(code);
      }
      // A run of another length: a single-dollar formula cannot hold one; `$$…$$` keeps it as text.
      if (sizeOpen === 1) return nok(code);
      token.type = 'mathTextData';
      return data(code);
    }
  },
};

/** The micromark extension: remark-math's display math, our inline math. */
export function mathDollars(): Extension {
  return { flow: math().flow!, text: { [DOLLAR]: mathText } };
}

/** Use instead of remark-math (same syntax tree: `math` and `inlineMath` nodes; parsing only). */
export default function remarkMathDollars(this: Processor) {
  const data = this.data();
  data.micromarkExtensions = [...(data.micromarkExtensions ?? []), mathDollars()];
  data.fromMarkdownExtensions = [...(data.fromMarkdownExtensions ?? []), mathFromMarkdown()];
}
