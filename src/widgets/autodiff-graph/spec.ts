// ::autodiff-graph's attribute table, declared once: a formula, a point and the mode shown
// first. The formula and the point are checked by the shared parser, so a bad one fails the
// build at the directive's file:line:column with the column inside the text.
import { oneOf, text, WidgetAttrError } from '../attributes.ts';
import { ExpressionError, parseExpression, parsePoint } from '../expression.ts';
import { defineWidget } from '../types.ts';
import { MODES } from './stepper.ts';

/** The survey's example (Baydin et al. 2018, table 2/3). */
export const SURVEY_F = 'ln(x1) + x1*x2 - sin(x2)';
export const SURVEY_AT = 'x1=2, x2=5';

/** ExpressionError → the directive plugin's error type, so the build stops at file:line:column. */
const checked = (parse: (raw: string) => unknown) => (raw: string) => {
  try {
    parse(raw);
  } catch (error) {
    if (error instanceof ExpressionError) throw new WidgetAttrError(error.message);
    throw error;
  }
};

export const spec = defineWidget({
  name: 'autodiff-graph',
  summary: 'The computational graph the engine records for a formula, stepped node by node: values, dual numbers, adjoints.',
  attributes: {
    f: text({
      default: SURVEY_F,
      describe: 'a formula: + − * / ^, parentheses, ln exp sin cos tanh sigmoid relu abs sqrt max min',
      doc: 'The scalar function, in named variables; the reader can edit it.',
      check: checked(parseExpression),
    }),
    at: text({
      default: SURVEY_AT,
      describe: 'name=value pairs separated by commas',
      doc: 'The point: a value for every variable of f, e.g. x1=2, x2=5.',
      check: checked(parsePoint),
    }),
    mode: oneOf(MODES, {
      default: 'adjoint',
      doc: 'The mode shown first: primal values, forward mode (tangents as dual numbers) or reverse mode (adjoints). The static frame shows the finished pass.',
    }),
  },
});
