import { getKernelsForBackend } from '@strata/core';
import type { KnownDeviation } from './conformance/known-deviations.js';
import { kernelsNeeded } from './conformance/run-conformance.js';
import { type KernelSources, kernelSources } from './kernels-of.js';

/** One backend column of the coverage table. */
export interface CoverageColumn {
  backend: string;
  /** Its kernels by origin; undefined when no kernels are registered under that name. */
  sources?: KernelSources;
  /** Shown under the table (how the column was obtained). */
  note?: string;
  /** The conformance cases the backend declares it gets wrong (its `knownDeviations`), listed under the table. */
  deviations?: readonly KnownDeviation[];
}

export interface KernelCoverage {
  reference: string;
  /** The kernels the built-in layers, losses and optimizers need, with the case families that use each. */
  rows: { kernel: string; usedBy: string[] }[];
  columns: CoverageColumn[];
}

/**
 * Which of the kernels the built-in layers need each backend implements (native), inherits from its base, or
 * lacks. Load the backends (or at least register their kernels) first.
 */
export async function kernelCoverage(
  backends: readonly { name: string; note?: string; deviations?: readonly KnownDeviation[] }[],
  options: { reference?: string } = {},
): Promise<KernelCoverage> {
  const reference = options.reference ?? 'cpu';
  const needed = await kernelsNeeded(reference);
  return {
    reference,
    rows: [...needed].map(([kernel, usedBy]) => ({ kernel, usedBy })),
    columns: backends.map(({ name, note, deviations }) => ({
      backend: name,
      ...(getKernelsForBackend(name).length ? { sources: kernelSources(name) } : {}),
      ...(note ? { note } : {}),
      ...(deviations?.length ? { deviations } : {}),
    })),
  };
}

/** The coverage table as Markdown: a summary per backend, the backend x kernel table, and the notes. */
export function formatCoverageMarkdown(coverage: KernelCoverage, header = ''): string {
  const cell = (column: CoverageColumn, kernel: string): string => {
    if (!column.sources) return 'n/a';
    if (column.sources.native.includes(kernel)) return 'native';
    if (column.sources.inherited.includes(kernel)) return `inherited (${column.sources.base})`;
    return '**missing**';
  };
  const lines: string[] = [];
  if (header) lines.push(header, '');
  lines.push(
    `${coverage.rows.length} kernels are dispatched by the built-in layers, losses and optimizers (as the ` +
      `conformance suite and its end-to-end training exercise them on '${coverage.reference}').`,
    '',
    '| backend | native | inherited | missing | kernels registered in all |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  for (const column of coverage.columns) {
    if (!column.sources) {
      lines.push(`| ${column.backend} | n/a | n/a | n/a | 0 |`);
      continue;
    }
    const counts = { native: 0, inherited: 0, missing: 0 };
    for (const { kernel } of coverage.rows) {
      const value = cell(column, kernel);
      if (value === 'native') counts.native++;
      else if (value.startsWith('inherited')) counts.inherited++;
      else counts.missing++;
    }
    const total = column.sources.native.length + column.sources.inherited.length;
    lines.push(
      `| ${column.backend} | ${counts.native} | ${counts.inherited} | ${counts.missing} | ${total} |`,
    );
  }
  const missingAnywhere = coverage.rows.filter(({ kernel }) =>
    coverage.columns.some((c) => cell(c, kernel) === '**missing**'),
  );
  if (missingAnywhere.length) {
    lines.push(
      '',
      'Missing kernels (a model that needs one fails on that backend unless a plugin adds it):',
      '',
    );
    for (const { kernel, usedBy } of missingAnywhere) {
      const where = coverage.columns.filter((c) => cell(c, kernel) === '**missing**').map((c) => c.backend);
      lines.push(`- \`${kernel}\` on ${where.join(', ')} (used by ${usedBy.join(', ')})`);
    }
  }
  lines.push(
    '',
    `| kernel | used by | ${coverage.columns.map((c) => c.backend).join(' | ')} |`,
    `| --- | --- | ${coverage.columns.map(() => '---').join(' | ')} |`,
  );
  for (const { kernel, usedBy } of coverage.rows) {
    lines.push(
      `| \`${kernel}\` | ${usedBy.join(', ')} | ${coverage.columns.map((c) => cell(c, kernel)).join(' | ')} |`,
    );
  }
  const deviations = coverage.columns.flatMap((c) =>
    (c.deviations ?? []).map((d) => ({ ...d, backend: c.backend })),
  );
  if (deviations.length) {
    lines.push(
      '',
      'Known deviations (conformance cases a backend declares it gets wrong, each with its reason; its conformance',
      'test checks they still deviate):',
      '',
      ...deviations.map((d) => `- ${d.backend}: \`${d.kernel}\`, case '${d.case}': ${d.reason}`),
    );
  }
  const notes = coverage.columns.filter((c) => c.note);
  if (notes.length) {
    lines.push('', ...notes.map((c) => `- ${c.backend}: ${c.note}`));
  }
  return `${lines.join('\n')}\n`;
}
