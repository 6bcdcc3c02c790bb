import * as tf from '@strata/core';
import { type BackendPlugin, InvalidArgumentError } from '@strata/core';
import { firstDivergentKernel } from '../first-divergent-kernel.js';
import { tfjsKernelNames } from '../kernel-signatures.js';
import { kernelsOf } from '../kernels-of.js';
import { activateRecorder, recordKernels } from '../record-kernels.js';
import { type ConformanceCase, caseInputValues } from './case.js';
import { conformanceCases } from './cases/index.js';
import { type CaseOutput, compareOutputs, type Tolerance } from './compare.js';
import { type EndToEndResult, type TrainingRun, trainSmallMlp } from './end-to-end.js';
import { execute } from './execute.js';
import { decodeOutputs, goldenBackend, loadGolden, trainingKey } from './golden.js';
import {
  type DeviationResult,
  deviationFor,
  deviationProblem,
  type KnownDeviation,
  validateDeviations,
} from './known-deviations.js';

export interface ConformanceOptions {
  /** The backend the plugin's results are compared with. Default: 'cpu'. */
  reference?: string;
  /** How close float results must be: a number sets both parts. Default: `{ atol: 1e-4, rtol: 1e-4 }`. */
  tolerance?: number | Partial<Tolerance>;
  /** Run only the cases of these kernels (tfjs names or composite names such as 'lstmCell'). */
  only?: readonly string[];
  /** Leave out the cases of these kernels. */
  skip?: readonly string[];
  /** Train a small model on both backends and compare the loss curves. Default: true. */
  endToEnd?: boolean;
  /**
   * Cases the plugin is known to get wrong, each with a one-line reason. They are reported as deviations
   * instead of failures, and fail again if they start to match the reference (remove the declaration then).
   */
  knownDeviations?: readonly KnownDeviation[];
}

/** The verdict on one case. */
export interface CaseResult {
  kernel: string;
  case: string;
  family: string;
  /**
   * passed; failed (this kernel's fault); missing (the plugin has no such kernel); blocked (it uses a kernel that
   * is missing or failed on its own, see `blockedBy`); skipped (the reference could not run it); deviates (it
   * fails, as declared in `knownDeviations`; `error` says how).
   */
  status: 'passed' | 'failed' | 'missing' | 'blocked' | 'skipped' | 'deviates';
  maxAbsDiff?: number;
  error?: string;
  blockedBy?: string[];
  /** The kernels the case dispatches (recorded on the reference). */
  kernels: string[];
}

/** One failed case, attributed to the kernel at fault. */
export interface ConformanceFailure {
  kernel: string;
  case: string;
  maxAbsDiff: number;
  error: string;
}

export interface ConformanceReport {
  backend: string;
  reference: string;
  /** Set when the plugin is the reference (cpu): it was compared with outputs recorded with these versions. */
  recordedWith?: string;
  /** Kernels (and composites) whose cases all passed. */
  passed: string[];
  /** Failed cases, each attributed to its kernel. A kernel that fails makes the cases that use it `blocked`. */
  failed: ConformanceFailure[];
  /** Kernels the built-in layers, losses and optimizers need that the plugin does not have. */
  missing: string[];
  /** Cases not judged because a kernel they use is missing or failed. */
  blocked: { kernel: string; case: string; by: string[] }[];
  /** The declared `knownDeviations` of the selected kernels, and whether each still deviates. */
  deviations: DeviationResult[];
  cases: CaseResult[];
  endToEnd?: EndToEndResult;
  durationMs: number;
}

/** Every kernel and composite the suite has cases for, in suite order. */
export function conformanceKernels(options: Pick<ConformanceOptions, 'only' | 'skip'> = {}): string[] {
  return [...new Set(selectCases(options).map((c) => c.kernel))];
}

/**
 * The kernels the built-in layers, losses and optimizers need, as the suite's cases and its end-to-end training
 * dispatch them on the reference, each with the case families that use it ('training' for the end-to-end MLP).
 */
export async function kernelsNeeded(reference = 'cpu'): Promise<Map<string, string[]>> {
  const previous = tf.currentBackend();
  const needed = new Map<string, Set<string>>();
  const note = (kernel: string, user: string) =>
    needed.set(kernel, (needed.get(kernel) ?? new Set()).add(user));
  try {
    await activateRecorder(reference);
    for (const c of conformanceCases) {
      for (const k of (await runOnReference(reference, c)).kernels) note(k, c.family);
    }
    for (const k of (await trainOnReference(reference)).kernels) note(k, 'training');
  } finally {
    if (previous !== undefined && tf.currentBackend() !== previous) await tf.setBackend(previous);
  }
  return new Map([...needed].sort(([a], [b]) => a.localeCompare(b)).map(([k, users]) => [k, [...users]]));
}

const defaultTolerance: Tolerance = { atol: 1e-4, rtol: 1e-4 };
const tfjsKernels = new Set<string>(tfjsKernelNames);

interface ReferenceResult {
  outputs?: CaseOutput[];
  error?: string;
  kernels: string[];
  leakedTensors: number;
  leakedDataIds: number;
}
const referenceCache = new Map<string, ReferenceResult>();
const trainingCache = new Map<string, { run: TrainingRun; kernels: string[] }>();

/**
 * Runs every op and gradient the built-in layers, losses and optimizers use on the plugin and on the
 * reference backend, with edge cases, and reports what differs, what is missing and whether a small model
 * trains the same. Registers and loads the plugin if needed; leaves the active backend as it was.
 * @example
 * const report = await runConformance(plugin);
 * console.log(formatReport(report));
 */
export async function runConformance(
  plugin: BackendPlugin,
  options: ConformanceOptions = {},
): Promise<ConformanceReport> {
  const started = performance.now();
  const reference = options.reference ?? 'cpu';
  const tolerance = resolveTolerance(options.tolerance);
  // The reference itself (cpu) is compared with the outputs recorded on it when the suite was written.
  const recorded = reference === plugin.name;
  if (recorded && reference !== goldenBackend) {
    throw new InvalidArgumentError(
      `runConformance() would compare '${plugin.name}' with itself: only '${goldenBackend}' has recorded outputs. ` +
        `Pass another reference, e.g. { reference: '${goldenBackend}' }.`,
    );
  }
  if (!tf.getBackendPlugin(plugin.name)) tf.registerBackendPlugin(plugin);
  const previous = tf.currentBackend();
  const cases = selectCases(options);
  const declared = options.knownDeviations ?? [];
  validateDeviations(declared, conformanceCases);
  try {
    await tf.useBackend(reference);
    await tf.useBackend(plugin.name);

    // The reference first (kernels recorded there), then the plugin, switching backends twice in all.
    await activateRecorder(reference);
    const expected = new Map<ConformanceCase, ReferenceResult>();
    for (const c of cases) expected.set(c, await runOnReference(reference, c));
    let training = options.endToEnd === false ? undefined : await trainOnReference(reference);
    let recordedWith: string | undefined;
    if (recorded) {
      const golden = await loadGolden();
      recordedWith = golden.recordedWith;
      for (const c of cases)
        expected.set(c, withRecordedOutputs(expected.get(c)!, golden.outputs[`${c.kernel}: ${c.name}`]));
      const losses = golden.outputs[trainingKey];
      if (training && losses)
        training = {
          ...training,
          run: { ...training.run, losses: Array.from(decodeOutputs(losses)[0]!.values) },
        };
    }

    await tf.setBackend(plugin.name);
    const has = new Set(kernelsOf(plugin.name));
    const results: CaseResult[] = [];
    for (const c of cases) {
      results.push(await judge(c, expected.get(c)!, has, tolerance, reference));
    }
    const pluginTraining = training ? await trainSmallMlp() : undefined;

    const missing = new Set<string>();
    for (const r of results) {
      for (const k of r.kernels) if (!has.has(k)) missing.add(k);
      if (r.status === 'missing') missing.add(r.kernel);
    }
    for (const k of training?.kernels ?? []) if (!has.has(k)) missing.add(k);

    const deviations = applyDeviations(results, declared);
    attributeFailures(results, missing);
    for (const d of deviations) {
      if (d.status !== 'matches') continue;
      // After the blame pass: a case that passes is no reason to block others.
      const r = results.find((c) => c.kernel === d.kernel && c.case === d.case)!;
      r.status = 'failed';
      r.error = deviationProblem(d, plugin.name, reference);
    }
    const report: ConformanceReport = {
      backend: plugin.name,
      reference,
      ...(recordedWith !== undefined ? { recordedWith } : {}),
      passed: [],
      failed: [],
      missing: [...missing].sort(),
      blocked: [],
      deviations,
      cases: results,
      durationMs: 0,
    };
    if (training && pluginTraining) {
      report.endToEnd = judgeTraining(training, pluginTraining, tolerance, reference, missing);
      if (
        !report.endToEnd.passed &&
        pluginTraining.error === undefined &&
        !recorded &&
        report.endToEnd.lossesDiffer
      ) {
        // Pin the difference on the first kernel call whose inputs agree but whose outputs do not.
        report.endToEnd.divergence = await firstDivergentKernel(plugin.name, () => trainSmallMlp(), {
          reference,
        });
      }
    }
    summarise(report);
    report.durationMs = Math.round(performance.now() - started);
    return report;
  } finally {
    if (previous !== undefined && tf.currentBackend() !== previous) await tf.setBackend(previous);
  }
}

function selectCases(options: Pick<ConformanceOptions, 'only' | 'skip'>): ConformanceCase[] {
  const known = new Set(conformanceCases.map((c) => c.kernel));
  for (const name of [...(options.only ?? []), ...(options.skip ?? [])]) {
    if (!known.has(name)) {
      const close = [...known].filter((k) => k.toLowerCase().includes(name.toLowerCase().slice(0, 4)));
      throw new InvalidArgumentError(
        `The conformance suite has no cases for '${name}' (in only/skip).${
          close.length ? ` Did you mean ${close.map((k) => `'${k}'`).join(', ')}?` : ''
        } conformanceKernels() lists them.`,
      );
    }
  }
  return conformanceCases.filter(
    (c) => (!options.only || options.only.includes(c.kernel)) && !(options.skip ?? []).includes(c.kernel),
  );
}

function resolveTolerance(tolerance: ConformanceOptions['tolerance']): Tolerance {
  if (typeof tolerance === 'number') return { atol: tolerance, rtol: tolerance };
  return { ...defaultTolerance, ...tolerance };
}

async function runOnReference(reference: string, c: ConformanceCase): Promise<ReferenceResult> {
  const key = `${reference}\u0000${c.kernel}\u0000${c.name}`;
  const cached = referenceCache.get(key);
  if (cached) return cached;
  const values = caseInputValues(c);
  const { result: execution, kernels } = await recordKernels(reference, () =>
    execute(specsOf(c), values, c.run),
  );
  const result: ReferenceResult = {
    kernels,
    leakedTensors: execution.leakedTensors,
    leakedDataIds: execution.leakedDataIds,
    ...(execution.error === undefined
      ? { outputs: execution.outputs }
      : { error: messageOf(execution.error) }),
  };
  referenceCache.set(key, result);
  return result;
}

async function trainOnReference(reference: string): Promise<{ run: TrainingRun; kernels: string[] }> {
  const cached = trainingCache.get(reference);
  if (cached) return cached;
  const { result: run, kernels } = await recordKernels(reference, () => trainSmallMlp());
  const result = { run, kernels };
  trainingCache.set(reference, result);
  return result;
}

async function judge(
  c: ConformanceCase,
  expected: ReferenceResult,
  has: Set<string>,
  tolerance: Tolerance,
  reference: string,
): Promise<CaseResult> {
  const base = { kernel: c.kernel, case: c.name, family: c.family, kernels: expected.kernels };
  if (expected.error !== undefined || !expected.outputs) {
    return {
      ...base,
      status: 'skipped',
      error: `the reference '${reference}' could not run it: ${expected.error}`,
    };
  }
  if (tfjsKernels.has(c.kernel) && !has.has(c.kernel)) return { ...base, status: 'missing' };
  const lacking = expected.kernels.filter((k) => !has.has(k));
  if (lacking.length) return { ...base, status: 'blocked', blockedBy: lacking };

  const got = await execute(specsOf(c), caseInputValues(c), c.run);
  if (got.error !== undefined) {
    return {
      ...base,
      status: 'failed',
      maxAbsDiff: Number.POSITIVE_INFINITY,
      error: `threw: ${messageOf(got.error)}`,
    };
  }
  const scaled = { atol: tolerance.atol * (c.tolerance ?? 1), rtol: tolerance.rtol * (c.tolerance ?? 1) };
  const comparison = compareOutputs(got.outputs, expected.outputs, scaled, reference);
  const problems: string[] = [];
  if (comparison.error) problems.push(comparison.error);
  if (got.mutatedInputs.length) {
    problems.push(
      `it wrote into its input${got.mutatedInputs.length > 1 ? 's' : ''} #${got.mutatedInputs.join(', #')}`,
    );
  }
  if (got.leakedTensors > expected.leakedTensors || got.leakedDataIds > expected.leakedDataIds) {
    problems.push(
      `it leaked ${got.leakedTensors - expected.leakedTensors} tensors and ` +
        `${got.leakedDataIds - expected.leakedDataIds} backend data buffers more than '${reference}' ` +
        `(a kernel made an output it did not return; dispose intermediates with backend.disposeData)`,
    );
  }
  return problems.length
    ? { ...base, status: 'failed', maxAbsDiff: comparison.maxAbsDiff, error: problems.join('; ') }
    : { ...base, status: 'passed', maxAbsDiff: comparison.maxAbsDiff };
}

// Declared deviations: a failing case becomes `deviates` (not blamed, not blocking others); one that passes is
// noted as `matches` (the caller fails it after the blame pass); anything else could not be checked.
function applyDeviations(results: CaseResult[], declared: readonly KnownDeviation[]): DeviationResult[] {
  const out: DeviationResult[] = [];
  for (const r of results) {
    const d = deviationFor(declared, r.kernel, r.case);
    if (!d) continue;
    if (r.status === 'failed') {
      r.status = 'deviates';
      out.push({ ...d, status: 'deviates', error: r.error ?? '' });
    } else if (r.status === 'passed') {
      out.push({ ...d, status: 'matches' });
    } else {
      const why =
        r.status === 'blocked'
          ? `it uses ${r.blockedBy?.join(', ')}, which failed or is missing`
          : r.status === 'missing'
            ? `the plugin has no ${r.kernel} kernel`
            : (r.error ?? `the case was ${r.status}`);
      out.push({ ...d, status: 'not-judged', error: why });
    }
  }
  return out;
}

// A failing case is blamed on its own kernel unless it also uses a kernel that is missing or fails a case
// that runs it alone: then it is `blocked` by that kernel, so one broken kernel is reported once, not in
// every gradient and composite that uses it. Returns the kernels at fault.
function attributeFailures(results: CaseResult[], missing: Set<string>): Set<string> {
  const broken = new Set<string>(missing);
  for (const r of results) {
    if (r.status === 'failed' && r.kernels.every((k) => k === r.kernel)) broken.add(r.kernel);
  }
  for (const r of results) {
    if (r.status !== 'failed') continue;
    const culprits = r.kernels.filter((k) => k !== r.kernel && broken.has(k));
    if (culprits.length) {
      r.status = 'blocked';
      r.blockedBy = culprits;
    } else {
      broken.add(r.kernel);
    }
  }
  return broken;
}

function judgeTraining(
  reference: { run: TrainingRun; kernels: string[] },
  plugin: TrainingRun,
  tolerance: Tolerance,
  referenceName: string,
  missing: Set<string>,
): EndToEndResult {
  const result: EndToEndResult = {
    passed: false,
    referenceLosses: reference.run.losses,
    pluginLosses: plugin.losses,
    maxAbsDiff: Number.POSITIVE_INFINITY,
    leakedTensors: plugin.leakedTensors,
    kernels: reference.kernels,
  };
  const lacking = reference.kernels.filter((k) => missing.has(k));
  if (lacking.length) {
    result.error = `not run: it needs ${lacking.join(', ')}`;
    return result;
  }
  if (plugin.error !== undefined) {
    result.error = `training threw: ${messageOf(plugin.error)}`;
  } else {
    // The per-op tolerance holds for the loss too: a conforming backend's losses differ by ~1e-6 after five
    // steps, while one kernel 1% off moves them by ~5e-4.
    const comparison = compareOutputs(
      [{ shape: [plugin.losses.length], dtype: 'float32', values: plugin.losses }],
      [{ shape: [reference.run.losses.length], dtype: 'float32', values: reference.run.losses }],
      tolerance,
      referenceName,
    );
    result.maxAbsDiff = comparison.maxAbsDiff;
    if (comparison.error) {
      result.error = `the loss curve differs: ${comparison.error.replace('output', 'loss')}`;
      result.lossesDiffer = true;
    } else if (plugin.leakedTensors > reference.run.leakedTensors) {
      result.error = `training leaked ${plugin.leakedTensors - reference.run.leakedTensors} tensors`;
    }
  }
  result.passed = result.error === undefined;
  return result;
}

function summarise(report: ConformanceReport): void {
  const byKernel = new Map<string, CaseResult[]>();
  for (const r of report.cases) byKernel.set(r.kernel, [...(byKernel.get(r.kernel) ?? []), r]);
  for (const [kernel, results] of byKernel) {
    if (results.every((r) => r.status === 'passed')) report.passed.push(kernel);
  }
  for (const r of report.cases) {
    if (r.status === 'failed') {
      report.failed.push({
        kernel: r.kernel,
        case: r.case,
        maxAbsDiff: r.maxAbsDiff ?? Number.NaN,
        error: r.error ?? '',
      });
    }
    if (r.status === 'blocked')
      report.blocked.push({ kernel: r.kernel, case: r.case, by: r.blockedBy ?? [] });
  }
  const e2e = report.endToEnd;
  if (e2e && !e2e.passed) {
    const isBroken = (k: string) => report.missing.includes(k) || report.failed.some((f) => f.kernel === k);
    const d = e2e.divergence;
    if (d && isBroken(d.kernel)) {
      report.blocked.push({ kernel: 'training', case: 'end-to-end', by: [d.kernel] });
    } else if (d) {
      // A kernel that passes its own cases but not in training (a layout, a state the cases do not reach).
      const inputs = d.inputShapes.map((shape) => `[${shape.join(', ')}]`).join(', ');
      report.failed.push({
        kernel: d.kernel,
        case: `in end-to-end training, call #${d.index} (inputs ${inputs}; attrs ${JSON.stringify(d.attrs)})`,
        maxAbsDiff: d.maxAbsDiff,
        error: `${d.error}; its inputs matched '${report.reference}'`,
      });
    } else {
      const culprits = e2e.kernels.filter(isBroken);
      if (culprits.length) report.blocked.push({ kernel: 'training', case: 'end-to-end', by: culprits });
      else {
        report.failed.push({
          kernel: 'training',
          case: 'end-to-end',
          maxAbsDiff: e2e.maxAbsDiff,
          error: e2e.error ?? '',
        });
      }
    }
  }
}

function withRecordedOutputs(result: ReferenceResult, encoded: string | undefined): ReferenceResult {
  if (encoded === undefined) {
    const { outputs: _, ...rest } = result;
    return {
      ...rest,
      error:
        'no output was recorded for this case (the suite changed since): run `pnpm --filter @strata/backend-kit golden`',
    };
  }
  return { ...result, outputs: decodeOutputs(encoded) };
}

function specsOf(c: ConformanceCase) {
  return c.inputs.map((spec) => ({ shape: spec.shape, dtype: spec.dtype as tf.DataType }));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
