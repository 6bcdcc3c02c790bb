import type { BackendPlugin } from '@strata/core';
import { beforeAll, describe, test } from 'vitest';
import { conformanceCases } from './conformance/cases/index.js';
import { formatReport } from './conformance/format-report.js';
import { deviationFor, deviationProblem, validateDeviations } from './conformance/known-deviations.js';
import {
  type ConformanceOptions,
  type ConformanceReport,
  conformanceKernels,
  runConformance,
} from './conformance/run-conformance.js';

export interface DescribeConformanceOptions extends ConformanceOptions {
  /** How long the whole suite may take (it runs once, before the tests). Default: 120 s. */
  timeoutMs?: number;
}

/**
 * Registers a vitest suite for a backend plugin: one test per kernel (its cases on the plugin against the
 * reference), one per declared known deviation (it must still deviate), one that fails with the table of kernels
 * the built-in layers need and the plugin lacks, and one that trains a small model on both. A backend's
 * `conformance.test.ts` is one line:
 * @example describeConformance(plugin);
 * @example describeConformance(plugin, { knownDeviations: [{ kernel: 'RealDiv', case: 'div by zero', reason: '...' }] });
 */
export function describeConformance(plugin: BackendPlugin, options: DescribeConformanceOptions = {}): void {
  const { timeoutMs = 120_000, ...conformanceOptions } = options;
  const declared = conformanceOptions.knownDeviations ?? [];
  // At collection time, so a typo in a declaration fails the file with the kernel's case names.
  validateDeviations(declared, conformanceCases);
  const kernels = conformanceKernels(conformanceOptions);
  describe(`conformance of backend '${plugin.name}'`, () => {
    let report: ConformanceReport | undefined;
    let setupError: unknown;
    beforeAll(async () => {
      try {
        report = await runConformance(plugin, conformanceOptions);
      } catch (error) {
        setupError = error;
      }
    }, timeoutMs);
    const result = (): ConformanceReport => {
      if (setupError !== undefined) throw setupError;
      return report!;
    };

    for (const kernel of kernels) {
      test(kernel, (context) => {
        const cases = result().cases.filter((c) => c.kernel === kernel);
        // Its failed cases, and the end-to-end training's difference when it was pinned on this kernel; a
        // declared deviation that now matches fails its own test below instead.
        const failed = [
          ...result().failed.filter((f) => f.kernel === kernel && !deviationFor(declared, kernel, f.case)),
          ...cases.filter((c) => c.status === 'skipped').map((c) => ({ case: c.case, error: c.error })),
        ];
        if (failed.length) {
          throw new Error(
            `${kernel} on '${plugin.name}' does not match '${result().reference}' in ${failed.length} of ` +
              `${cases.length} cases:\n${failed.map((c) => `- ${c.case}: ${c.error}`).join('\n')}`,
          );
        }
        if (cases.every((c) => c.status === 'missing')) {
          context.skip(`'${plugin.name}' has no ${kernel} kernel: see the missing-kernels test`);
        }
        if (!cases.some((c) => c.status === 'passed' || c.status === 'deviates')) {
          const by = [...new Set(cases.flatMap((c) => c.blockedBy ?? []))];
          context.skip(`not judged: its cases use ${by.join(', ') || 'kernels'} that failed or are missing`);
        }
      });
    }

    for (const deviation of declared.filter((d) => kernels.includes(d.kernel))) {
      test(`${deviation.kernel}: '${deviation.case}' still deviates as declared (${deviation.reason})`, () => {
        const r = result().deviations.find(
          (d) => d.kernel === deviation.kernel && d.case === deviation.case,
        )!;
        const problem = deviationProblem(r, plugin.name, result().reference);
        if (problem) throw new Error(problem);
      });
    }

    test('has every kernel the built-in layers, losses and optimizers use', () => {
      const { missing, cases } = result();
      if (missing.length === 0) return;
      const width = Math.max(...missing.map((k) => k.length), 'kernel'.length);
      const rows = missing.map((kernel) => {
        const users = [
          ...new Set(
            cases.filter((c) => c.kernels.includes(kernel) || c.kernel === kernel).map((c) => c.kernel),
          ),
        ];
        return `  ${kernel.padEnd(width)}  ${users.slice(0, 6).join(', ')}${users.length > 6 ? ', ...' : ''}`;
      });
      throw new Error(
        `'${plugin.name}' lacks ${missing.length} kernel${missing.length > 1 ? 's' : ''} that the built-in layers, ` +
          `losses or optimizers use:\n  ${'kernel'.padEnd(width)}  needed by\n${rows.join('\n')}\n` +
          `Fix: set base: 'cpu' in defineBackend({ name: '${plugin.name}', ... }) to inherit them, or implement ` +
          `them with defineKernel('${missing[0]}', ...).`,
      );
    });

    if (options.endToEnd !== false) {
      test('trains a small model like the reference, without leaking tensors', () => {
        const r = result();
        const e2e = r.endToEnd!;
        if (!e2e.passed) throw new Error(`${e2e.error}\n\n${formatReport(r)}`);
      });
    }
  });
}
