/** Where progress output goes: `process.stdout`, or anything with `write` (tests pass a recorder). */
export interface ProgressWriter {
  write(text: string): unknown;
  /** A terminal redraws the bar in place; anything else gets one line per epoch. */
  isTTY?: boolean;
}

export interface ProgbarArgs {
  /** Total steps, or `null` when unknown. */
  target: number | null;
  writer: ProgressWriter;
  /** 1: live bar (needs a TTY), 2: one line when done. */
  verbose: 1 | 2;
  /** Clock in seconds. Default: `performance.now() / 1000`. */
  now?: () => number;
  /** Bar width in characters. Default: 20. */
  width?: number;
  /** Minimum seconds between redraws. Default: 0.05. */
  interval?: number;
  unitName?: string;
}

const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const GREY = '\x1b[37m';
const RESET = '\x1b[0m';

/**
 * Keras's `Progbar` (keras/src/utils/progbar.py), showing the latest value of each metric (Keras 3 logs hold
 * running averages already). Verbose 1 redraws `12/50 ━━━━━━━━━━━━━━━━━━━━ 3s 25ms/step - loss: 0.4321` in
 * place; verbose 2 prints `50/50 - 1s - 25ms/step - loss: 0.4321` once, when finalized.
 */
export class Progbar {
  target: number | null;
  private readonly writer: ProgressWriter;
  private readonly verbose: 1 | 2;
  private readonly now: () => number;
  private readonly width: number;
  private readonly interval: number;
  private readonly unitName: string;
  private readonly values = new Map<string, number>();
  private readonly start: number;
  private lastUpdate = 0;
  private timeAfterFirstStep: number | undefined;
  private prevTotalWidth = 0;

  constructor(args: ProgbarArgs) {
    this.target = args.target;
    this.writer = args.writer;
    this.verbose = args.verbose;
    this.now = args.now ?? (() => performance.now() / 1000);
    this.width = args.width ?? 20;
    this.interval = args.interval ?? 0.05;
    this.unitName = args.unitName ?? 'step';
    this.start = this.now();
  }

  update(current: number, values: Record<string, number> = {}, finalize = false): void {
    for (const [key, value] of Object.entries(values)) this.values.set(key, value);
    const now = this.now();
    const timePerUnit = this.estimateStepDuration(current, now);
    if (this.verbose === 1) {
      if (now - this.lastUpdate < this.interval && !finalize) return;
      this.lastUpdate = now;
      let bar: string;
      let visible: number;
      if (this.target !== null && this.target > 0) {
        const count = `${String(current).padStart(String(this.target).length)}/${this.target}`;
        const done = Math.max(0, Math.min(this.width, Math.floor((this.width * current) / this.target)));
        bar =
          `${BOLD}${count}${RESET} ` +
          (done > 0 ? `${GREEN}${'━'.repeat(done)}${RESET}` : '') +
          `${GREY}${'━'.repeat(this.width - done)}${RESET}`;
        visible = count.length + 1 + this.width;
      } else {
        bar = `${String(current).padStart(7)}/Unknown`;
        visible = bar.length;
      }
      const time =
        this.target !== null && this.target > 0 && !finalize
          ? formatEta(timePerUnit * (this.target - current))
          : `${roundHalfEven(now - this.start)}s`;
      const info = ` ${BOLD}${time}${RESET}${this.formatTime(timePerUnit)}${this.formatValues()}`;
      const totalWidth = visible + info.length - BOLD.length - RESET.length;
      const padding = ' '.repeat(Math.max(0, this.prevTotalWidth - totalWidth));
      this.prevTotalWidth = totalWidth;
      this.writer.write(`\r${bar}${info}${padding}${finalize ? '\n' : ''}`);
    } else if (finalize) {
      const target = this.target ?? current;
      const count = `${String(current).padStart(String(target).length)}/${target}`;
      this.writer.write(
        `${count} - ${roundHalfEven(now - this.start)}s -${this.formatTime(timePerUnit)}${this.formatValues()}\n`,
      );
    }
  }

  private formatValues(): string {
    let out = '';
    for (const [key, value] of this.values) out += ` - ${key}: ${formatMetric(value)}`;
    return out;
  }

  private formatTime(timePerUnit: number): string {
    if (timePerUnit >= 1 || timePerUnit === 0) return ` ${roundHalfEven(timePerUnit)}s/${this.unitName}`;
    if (timePerUnit >= 1e-3) return ` ${roundHalfEven(timePerUnit * 1e3)}ms/${this.unitName}`;
    return ` ${roundHalfEven(timePerUnit * 1e6)}us/${this.unitName}`;
  }

  private estimateStepDuration(current: number, now: number): number {
    if (!current) return 0;
    // After the first step, leave it out: it includes one-off work (kernel compilation, warm-up).
    const perUnit =
      this.timeAfterFirstStep !== undefined && current > 1
        ? (now - this.timeAfterFirstStep) / (current - 1)
        : (now - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = now;
    return perUnit;
  }
}

/** Python's `f'{x:.4f}'` when `|x| > 1e-3`, else `f'{x:.4e}'` (as Keras prints metrics). */
export function formatMetric(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Math.abs(value) > 1e-3) return value.toFixed(4);
  // JS writes e-5 where Python writes e-05.
  return value.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Python's `f'{x:.0f}'`: exact halves round to even (0.5 → 0, 1.5 → 2), unlike Math.round. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

function formatEta(eta: number): string {
  const two = (n: number) => String(Math.floor(n)).padStart(2, '0');
  if (eta > 3600) return `${Math.floor(eta / 3600)}:${two((eta % 3600) / 60)}:${two(eta % 60)}`;
  if (eta > 60) return `${Math.floor(eta / 60)}:${two(eta % 60)}`;
  return `${Math.floor(eta)}s`;
}
