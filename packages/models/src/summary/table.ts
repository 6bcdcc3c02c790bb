// A text table drawn with box characters, as Keras 3's summary (rendered by `rich`) looks in a terminal:
//
// ┏━━━━━━━━━━━━━┳━━━━━━━━━━━━━┓
// ┃ Layer       ┃     Param # ┃
// ┡━━━━━━━━━━━━━╇━━━━━━━━━━━━━┩
// │ dense       │         330 │
// ├─────────────┼─────────────┤
// │ ...         │         ... │
// └─────────────┴─────────────┘
//
// Cells hold one or more lines; text longer than its column wraps (at ", " or a space when it can).

export type Align = 'left' | 'right';

export interface TableLayout {
  /** Total width of every line, borders included. */
  lineLength: number;
  /** Right edge of each column as a fraction of the line (Keras's `positions`), the last one 1. */
  positions: number[];
  align: Align[];
}

/** The table as lines: `header` cells, then one block per row (a row's cells may span several lines). */
export function renderTable(header: string[], rows: string[][][], layout: TableLayout): string[] {
  const widths = columnWidths(layout, header.length);
  const rule = (left: string, fill: string, mid: string, right: string) =>
    left + widths.map((w) => fill.repeat(w + 2)).join(mid) + right;
  const lines: string[] = [];
  lines.push(rule('┏', '━', '┳', '┓'));
  lines.push(
    ...renderRow(
      header.map((h) => [h]),
      widths,
      layout.align,
      '┃',
    ),
  );
  lines.push(rule('┡', '━', '╇', '┩'));
  rows.forEach((row, i) => {
    if (i > 0) lines.push(rule('├', '─', '┼', '┤'));
    lines.push(...renderRow(row, widths, layout.align, '│'));
  });
  lines.push(rule('└', '─', '┴', '┘'));
  return lines;
}

/** Content width of each column: the line minus borders and one space of padding each side, split at `positions`. */
function columnWidths(layout: TableLayout, count: number): number[] {
  const inner = layout.lineLength - (count + 1) - 2 * count;
  const widths: number[] = [];
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const edge = Math.round((layout.positions[i] ?? 1) * inner);
    widths.push(edge - previous);
    previous = edge;
  }
  if (widths.some((w) => w < 4)) {
    throw new RangeError(
      `summary: lineLength ${layout.lineLength} is too small for ${count} columns; use at least ${8 * count + count + 1}.`,
    );
  }
  return widths;
}

function renderRow(cells: string[][], widths: number[], align: Align[], border: string): string[] {
  const wrapped = cells.map((lines, i) => lines.flatMap((line) => wrap(line, widths[i]!)));
  const height = Math.max(1, ...wrapped.map((c) => c.length));
  const out: string[] = [];
  for (let line = 0; line < height; line++) {
    const parts = wrapped.map((c, i) => {
      const text = c[line] ?? '';
      const pad = ' '.repeat(widths[i]! - text.length);
      return ` ${align[i] === 'right' ? pad + text : text + pad} `;
    });
    out.push(border + parts.join(border) + border);
  }
  return out;
}

/** Splits `text` into pieces of at most `width` characters, breaking after ", " or at a space when possible. */
export function wrap(text: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const window = rest.slice(0, width + 1);
    let cut = Math.max(window.lastIndexOf(', ') + 1, window.lastIndexOf(' '));
    if (cut <= 0) cut = width;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  pieces.push(rest);
  return pieces;
}
