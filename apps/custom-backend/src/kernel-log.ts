/** One kernel's line in a trace. */
export interface KernelStats {
  kernel: string;
  calls: number;
  /** Wall time inside the kernel, including kernels it dispatched itself. */
  totalMs: number;
  /** Wall time minus the kernels it dispatched: these add up to the time spent in kernels. */
  selfMs: number;
}

/**
 * Per-kernel call counts and wall times, filled by the trace backend.
 *
 * Times are host wall time around each kernel call. On cpu and wasm that is the kernel's work; on webgl it is
 * only the time to enqueue GPU work (reading results is where the GPU time shows up).
 */
export class KernelLog {
  private readonly stats = new Map<string, KernelStats>();
  // Time spent in kernels dispatched from inside the running one, per nesting level.
  private readonly nested: number[] = [];

  /** Runs one kernel call and records it. */
  record<T>(kernel: string, run: () => T): T {
    this.nested.push(0);
    const start = performance.now();
    try {
      return run();
    } finally {
      const elapsed = performance.now() - start;
      const inner = this.nested.pop()!;
      if (this.nested.length > 0) this.nested[this.nested.length - 1]! += elapsed;
      const entry = this.stats.get(kernel) ?? { kernel, calls: 0, totalMs: 0, selfMs: 0 };
      entry.calls++;
      entry.totalMs += elapsed;
      entry.selfMs += elapsed - inner;
      this.stats.set(kernel, entry);
    }
  }

  /** Every kernel called since the last reset, most self time first. */
  entries(): KernelStats[] {
    return [...this.stats.values()]
      .map((s) => ({ ...s }))
      .sort((a, b) => b.selfMs - a.selfMs || b.calls - a.calls);
  }

  /** The number of kernel calls recorded. */
  get calls(): number {
    let calls = 0;
    for (const s of this.stats.values()) calls += s.calls;
    return calls;
  }

  reset(): void {
    this.stats.clear();
  }

  /**
   * The log as a text table, most self time first.
   * @example
   * kernel                 calls  self ms  total ms  mean ms   share
   * Conv2DBackpropFilter      20    210.5     210.5   10.524   24.7%
   */
  format(options: { top?: number } = {}): string {
    const rows = this.entries();
    const shown = options.top ? rows.slice(0, options.top) : rows;
    const selfTotal = rows.reduce((sum, r) => sum + r.selfMs, 0) || 1;
    const width = Math.max('kernel'.length, ...shown.map((r) => r.kernel.length));
    const header = `${'kernel'.padEnd(width)}  ${'calls'.padStart(7)}  ${'self ms'.padStart(9)}  ${'total ms'.padStart(9)}  ${'mean ms'.padStart(8)}  ${'share'.padStart(6)}`;
    const lines = shown.map(
      (r) =>
        `${r.kernel.padEnd(width)}  ${String(r.calls).padStart(7)}  ${r.selfMs.toFixed(1).padStart(9)}  ` +
        `${r.totalMs.toFixed(1).padStart(9)}  ${(r.totalMs / r.calls).toFixed(3).padStart(8)}  ` +
        `${`${((100 * r.selfMs) / selfTotal).toFixed(1)}%`.padStart(6)}`,
    );
    if (shown.length < rows.length) lines.push(`... and ${rows.length - shown.length} more kernels`);
    return [header, ...lines].join('\n');
  }
}
