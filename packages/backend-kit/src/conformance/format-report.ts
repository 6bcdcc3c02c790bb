import { formatNumber } from './compare.js';
import type { ConformanceReport } from './run-conformance.js';

/**
 * A conformance report as text: a summary line, then failures by kernel, missing kernels with the fix,
 * blocked cases and the end-to-end result.
 */
export function formatReport(report: ConformanceReport): string {
  const lines: string[] = [];
  const kernels = new Set(report.cases.map((c) => c.kernel));
  const failedKernels = [...new Set(report.failed.map((f) => f.kernel))];
  const deviating = [
    ...new Set(report.deviations.filter((d) => d.status === 'deviates').map((d) => d.kernel)),
  ];
  const against = report.recordedWith
    ? `outputs recorded on '${report.reference}' (${report.recordedWith})`
    : `'${report.reference}'`;
  lines.push(
    `Conformance of '${report.backend}' against ${against}: ${report.cases.length} cases over ` +
      `${kernels.size} kernels; ${report.passed.length} passed, ${failedKernels.length} failed, ` +
      `${report.missing.length} missing${deviating.length ? `, ${deviating.length} with known deviations` : ''} ` +
      `(${(report.durationMs / 1000).toFixed(1)} s).`,
  );
  if (report.failed.length) {
    lines.push('', 'Failed:');
    const width = Math.max(...report.failed.map((f) => f.kernel.length));
    for (const kernel of failedKernels) {
      report.failed
        .filter((f) => f.kernel === kernel)
        .forEach((f, i) => {
          lines.push(`  ${(i === 0 ? kernel : '').padEnd(width)}  ${f.case}: ${f.error}`);
        });
    }
  }
  const declared = report.deviations.filter((d) => d.status !== 'matches');
  if (declared.length) {
    // Matching ones are listed under Failed (with the fix: remove the declaration).
    lines.push('', 'Known deviations (declared by the backend, checked to still deviate):');
    const width = Math.max(...declared.map((d) => d.kernel.length));
    for (const d of declared) {
      const now = d.status === 'deviates' ? `today: ${d.error}` : `NOT CHECKED: ${d.error}`;
      lines.push(`  ${d.kernel.padEnd(width)}  ${d.case}: ${d.reason} (${now})`);
    }
  }
  if (report.missing.length) {
    lines.push(
      '',
      `Missing: '${report.backend}' has no kernel for ${report.missing.join(', ')}.`,
      `  The built-in layers, losses or optimizers use them. Fix: set base: 'cpu' in defineBackend({ name: ` +
        `'${report.backend}', ... }) to inherit them, or implement them with defineKernel('${report.missing[0]}', ...).`,
    );
  }
  if (report.blocked.length) {
    lines.push('', `Not judged (${report.blocked.length} cases use a kernel that failed or is missing):`);
    const byCulprit = new Map<string, string[]>();
    for (const b of report.blocked) {
      const key = b.by.join(', ');
      byCulprit.set(key, [...(byCulprit.get(key) ?? []), `${b.kernel}: ${b.case}`]);
    }
    for (const [culprit, cases] of byCulprit) {
      const shown = cases.slice(0, 4).join('; ');
      lines.push(
        `  because of ${culprit}: ${shown}${cases.length > 4 ? `; and ${cases.length - 4} more` : ''}`,
      );
    }
  }
  const e2e = report.endToEnd;
  if (e2e) {
    lines.push(
      '',
      e2e.passed
        ? `End-to-end: ${e2e.pluginLosses.length} training steps match '${report.reference}' (max |diff| ` +
            `${formatNumber(e2e.maxAbsDiff)}; loss ${formatNumber(e2e.pluginLosses[0]!)} -> ` +
            `${formatNumber(e2e.pluginLosses.at(-1)!)}), no tensors leaked.`
        : `End-to-end: ${e2e.error}. Losses: '${report.backend}' [${e2e.pluginLosses.map(formatNumber).join(', ')}], ` +
            `'${report.reference}' [${e2e.referenceLosses.map(formatNumber).join(', ')}].` +
            (e2e.divergence
              ? ` The first kernel call that differs with equal inputs: ${e2e.divergence.kernel} (call ` +
                `#${e2e.divergence.index}).`
              : ''),
    );
  }
  return lines.join('\n');
}
