import { InvalidArgumentError } from '@strata/core';
import type { ConformanceCase } from './case.js';

/**
 * A conformance case a backend is known to get wrong and cannot fix cheaply, declared so the suite checks that it
 * still deviates: when the backend (or the library under it) is fixed, or the case starts failing differently
 * nobody notices otherwise, the declaration fails. Nothing is skipped silently.
 * @example { kernel: 'RealDiv', case: 'div by zero', reason: 'tfjs 4.22 webgl returns 1 for a == b (tfjs#1234)' }
 */
export interface KnownDeviation {
  /** The kernel the case is filed under, as `conformanceKernels()` names it ('RealDiv', 'lstmCell'). */
  readonly kernel: string;
  /** The case's name exactly as the report shows it ('div by zero'). */
  readonly case: string;
  /** One line: why it deviates and why it stays (an upstream issue, a shader precision limit...). */
  readonly reason: string;
}

/** What became of a declared deviation in a run. */
export interface DeviationResult extends KnownDeviation {
  /**
   * deviates: the case still differs from the reference, as declared; matches: it passes now (remove the
   * declaration); not-judged: the case could not be compared (a kernel it needs is missing or broken).
   */
  status: 'deviates' | 'matches' | 'not-judged';
  /** How the case differs today (deviates), or why it was not judged. */
  error?: string;
}

/**
 * Checks declarations against the suite: each must name an existing case of an existing kernel, once, with a
 * one-line reason. Throws an `InvalidArgumentError` that lists the kernel's cases otherwise.
 */
export function validateDeviations(
  deviations: readonly KnownDeviation[],
  cases: readonly ConformanceCase[],
): void {
  const seen = new Set<string>();
  for (const d of deviations) {
    const where = `knownDeviations entry { kernel: '${d.kernel}', case: '${d.case}' }`;
    const ofKernel = cases.filter((c) => c.kernel === d.kernel);
    if (ofKernel.length === 0) {
      throw new InvalidArgumentError(
        `${where}: the conformance suite has no kernel '${d.kernel}'. conformanceKernels() lists them.`,
      );
    }
    if (!ofKernel.some((c) => c.name === d.case)) {
      throw new InvalidArgumentError(
        `${where}: '${d.kernel}' has no case '${d.case}'. Its cases are: ${ofKernel
          .map((c) => `'${c.name}'`)
          .join(', ')}.`,
      );
    }
    if (typeof d.reason !== 'string' || d.reason.trim() === '' || /[\r\n]/.test(d.reason)) {
      throw new InvalidArgumentError(
        `${where} needs a one-line reason (why it deviates and why it is not fixed), got ${JSON.stringify(d.reason)}.`,
      );
    }
    const key = `${d.kernel}\u0000${d.case}`;
    if (seen.has(key)) throw new InvalidArgumentError(`${where} is declared twice; keep one.`);
    seen.add(key);
  }
}

/** The declaration for a case, if any. */
export function deviationFor(
  deviations: readonly KnownDeviation[],
  kernel: string,
  caseName: string,
): KnownDeviation | undefined {
  return deviations.find((d) => d.kernel === kernel && d.case === caseName);
}

/** Why a declared deviation fails its test, or undefined when it still deviates as declared. */
export function deviationProblem(
  result: DeviationResult,
  backend: string,
  reference: string,
): string | undefined {
  const declared = `${result.kernel}: '${result.case}' is declared a known deviation of '${backend}' (${result.reason})`;
  if (result.status === 'matches') {
    return (
      `${declared}, but it now matches '${reference}'. Remove it from knownDeviations (and from the ` +
      `backend's README) so the case is checked again.`
    );
  }
  if (result.status === 'not-judged') return `${declared}, but it could not be checked: ${result.error}.`;
  return undefined;
}
