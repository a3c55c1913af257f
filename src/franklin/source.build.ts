// Positions and messages shared by the Franklin readers. Every problem in an imported site is
// reported where the author can find it: `file:line:column: message`, 1-based like an editor.

/** A place in a source text, 1-based. */
export interface Place {
  line: number;
  column: number;
}

/** A problem found in Franklin content. Callers decide whether it is a warning or (with `strict`) an error. */
export interface Diagnostic extends Place {
  message: string;
}

/** Maps character offsets of a text to line:column, optionally shifted to where the text starts in its file. */
export class LineIndex {
  private readonly starts: number[] = [0];
  private readonly origin: Place;

  constructor(text: string, origin: Place = { line: 1, column: 1 }) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    this.origin = origin;
  }

  /** The place of character `offset`; the first line keeps the origin's column shift. */
  place(offset: number): Place {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const column = offset - this.starts[lo] + 1;
    return lo === 0 ? { line: this.origin.line, column: column + this.origin.column - 1 } : { line: this.origin.line + lo, column };
  }
}

/** `file:line:column: message`, the format every content problem in Adjoint uses. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.message}`;
}
