import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { defineBackend } from '../define-backend.js';
import { defineKernel } from '../define-kernel.js';
import { tfjsKernelNames } from '../kernel-signatures.js';
import { conformanceCases } from './cases/index.js';
import { formatReport } from './format-report.js';
import { type ConformanceReport, conformanceKernels, runConformance } from './run-conformance.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

describe('the suite itself (on a plugin that inherits all of cpu)', () => {
  let report: ConformanceReport;
  beforeAll(async () => {
    report = await runConformance(defineBackend({ name: 'conf-copy', base: 'cpu', kernels: [] }));
  });

  test('every case runs on the reference and passes; nothing is missing; training matches', () => {
    const notPassed = report.cases.filter((c) => c.status !== 'passed');
    expect(notPassed.map((c) => `${c.kernel}: ${c.case}: ${c.status} ${c.error}`)).toEqual([]);
    expect(report.failed).toEqual([]);
    expect(report.missing).toEqual([]);
    expect(report.blocked).toEqual([]);
    expect(report.endToEnd).toMatchObject({ passed: true, maxAbsDiff: 0, leakedTensors: 0 });
    expect(report.endToEnd!.pluginLosses).toHaveLength(5);
    expect(report.endToEnd!.pluginLosses.at(-1)!).toBeLessThan(report.endToEnd!.pluginLosses[0]!);
  });

  test('covers the kernels the built-in layers, losses and optimizers use', () => {
    const kernels = new Set(report.cases.flatMap((c) => c.kernels));
    for (const k of [
      'BatchMatMul',
      '_FusedMatMul',
      'Conv2D',
      'Conv2DBackpropInput',
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNative',
      'DepthwiseConv2dNativeBackpropFilter',
      'DepthwiseConv2dNativeBackpropInput',
      'MaxPool',
      'MaxPoolGrad',
      'AvgPool',
      'AvgPoolGrad',
      'FusedBatchNorm',
      'GatherV2',
      'UnsortedSegmentSum',
      'Relu',
      'Relu6',
      'Sigmoid',
      'Tanh',
      'Softmax',
      'Elu',
      'EluGrad',
      'Selu',
      'Softplus',
      'LeakyRelu',
      'Erf',
      'Concat',
      'Reshape',
      'Transpose',
      'Slice',
      'SplitV',
      'Pack',
      'Unpack',
      'Log',
      'ClipByValue',
      'Mean',
      'Sum',
      'Sqrt',
      'Square',
      'Add',
      'Multiply',
      'RealDiv',
      'Sub',
      'Maximum',
    ]) {
      expect(kernels, k).toContain(k);
    }
    expect(report.endToEnd!.kernels).toEqual(
      expect.arrayContaining(['BatchMatMul', 'Relu', 'Exp', 'Log', 'Sum']),
    );
  });

  test('every case dispatches the kernel it is filed under', () => {
    const wrong = report.cases.filter(
      (c) => tfjsKernelNames.includes(c.kernel as never) && !c.kernels.includes(c.kernel),
    );
    expect(wrong.map((c) => `${c.kernel}: ${c.case} dispatches ${c.kernels.join(', ')}`)).toEqual([]);
  });

  test('every kernel any case dispatches has a case that runs it alone, so a failure can be pinned on it', () => {
    const isolated = new Set(
      report.cases.filter((c) => c.kernels.length === 1 && c.kernels[0] === c.kernel).map((c) => c.kernel),
    );
    const used = new Set([...report.cases.flatMap((c) => c.kernels), ...report.endToEnd!.kernels]);
    expect([...used].filter((k) => !isolated.has(k)).sort()).toEqual([]);
  });

  test('case names are unique within a kernel, and composites use lower-case names', () => {
    const ids = conformanceCases.map((c) => `${c.kernel}: ${c.name}`);
    expect(ids.length).toBe(new Set(ids).size);
    for (const c of conformanceCases) {
      if (!tfjsKernelNames.includes(c.kernel as never)) expect(c.kernel, c.kernel).toMatch(/^[a-z]/);
    }
  });

  test('formatReport says it all passed', () => {
    const text = formatReport(report);
    expect(text).toMatch(
      new RegExp(`^Conformance of 'conf-copy' against 'cpu': ${report.cases.length} cases`),
    );
    expect(text).toMatch(/0 failed, 0 missing/);
    expect(text).toMatch(/End-to-end: 5 training steps match 'cpu'/);
  });
});

describe('a deliberately broken plugin', () => {
  // Wrong values in one kernel, a throw in another, one kernel missing: exactly those must be reported.
  const wrongRelu = defineKernel('Relu', ({ inputs: { x }, readValues, makeOutput }) => {
    const v = readValues(x);
    return makeOutput(
      v.map((value) => (value < 0 ? 0 : value * 1.01)),
      x.shape,
    );
  });
  const throwingFilterGrad = defineKernel('Conv2DBackpropFilter', () => {
    throw new Error('deliberately broken kernel');
  });
  const plugin = defineBackend({
    name: 'conf-broken',
    base: 'cpu',
    kernels: [wrongRelu, throwingFilterGrad],
  });
  let report: ConformanceReport;

  beforeAll(async () => {
    tf.registerBackendPlugin(plugin);
    await tf.useBackend('conf-broken');
    // Inheriting everything from cpu, then dropping one kernel, as a plugin that never implemented it would.
    tf.unregisterKernel('Elu', 'conf-broken');
    await tf.useBackend('cpu');
    report = await runConformance(plugin);
  });

  test('reports exactly the wrong kernel, the throwing kernel and the missing kernel, by name', () => {
    expect([...new Set(report.failed.map((f) => f.kernel))].sort()).toEqual(['Conv2DBackpropFilter', 'Relu']);
    expect(report.missing).toEqual(['Elu']);
    expect(report.passed).not.toContain('Relu');
    expect(report.passed).toEqual(expect.arrayContaining(['MaxPool', 'Softmax']));
    // Conv2D's own cases pass; its gradient cases need the broken filter gradient, so they are not judged.
    expect(report.cases.filter((c) => c.kernel === 'Conv2D' && c.status === 'failed')).toEqual([]);
  });

  test('each failure says what went wrong', () => {
    const relu = report.failed.find((f) => f.kernel === 'Relu')!;
    expect(relu.error).toMatch(/output at \[\d+, \d+\]: got .*, cpu gave .* \(\|diff\| .*, tolerance/);
    expect(relu.maxAbsDiff).toBeGreaterThan(1e-3);
    const filter = report.failed.find((f) => f.kernel === 'Conv2DBackpropFilter')!;
    expect(filter.error).toMatch(
      /threw: Kernel 'Conv2DBackpropFilter' of backend 'conf-broken' failed on inputs x: float32 \[2, 5, 5, 3\], dy: float32 \[2, 3, 3, 4\]: deliberately broken kernel/,
    );
  });

  test('cases that use a broken or missing kernel are not blamed on their own kernel', () => {
    const blockedBy = (kernel: string) =>
      report.blocked.filter((b) => b.by.includes(kernel)).map((b) => `${b.kernel}: ${b.case}`);
    expect(blockedBy('Conv2DBackpropFilter')).toEqual(expect.arrayContaining(['Conv2D: 3x3 valid gradient']));
    expect(report.cases.filter((c) => c.kernel === 'Elu').every((c) => c.status === 'missing')).toBe(true);
    // The end-to-end MLP uses relu: it fails, and that is Relu's fault.
    expect(report.endToEnd?.passed).toBe(false);
    expect(report.blocked).toContainEqual({ kernel: 'training', case: 'end-to-end', by: ['Relu'] });
  });

  test('the text report lists the three and the fix for the missing one', () => {
    const text = formatReport(report);
    expect(text).toMatch(/2 failed, 1 missing/);
    expect(text).toMatch(/Failed:[\s\S]*\n\s+Relu\s+relu \[3,4\]: output at/);
    expect(text).toMatch(/Conv2DBackpropFilter\s+valid: threw:/);
    expect(text).toMatch(
      /Missing: 'conf-broken' has no kernel for Elu\.[\s\S]*set base: 'cpu'[\s\S]*defineKernel\('Elu'/,
    );
    expect(text).toMatch(/because of Relu: /);
  });
});

describe('options', () => {
  test('only and skip select kernels; unknown names are refused with suggestions', async () => {
    const plugin = defineBackend({ name: 'conf-options', base: 'cpu', kernels: [] });
    const report = await runConformance(plugin, { only: ['Relu', 'Softmax'], endToEnd: false });
    expect([...new Set(report.cases.map((c) => c.kernel))]).toEqual(['Relu', 'Softmax']);
    expect(report.endToEnd).toBeUndefined();
    expect(conformanceKernels({ skip: ['Relu'] })).not.toContain('Relu');
    await expect(runConformance(plugin, { only: ['relu6'] })).rejects.toThrow(
      /no cases for 'relu6'.*'Relu6'/,
    );
  });

  test('a tighter tolerance is applied', async () => {
    const sloppy = defineKernel('Sigmoid', ({ inputs: { x }, readValues, makeOutput }) =>
      makeOutput(
        readValues(x).map((v) => 1 / (1 + Math.exp(-v)) + 1e-5),
        x.shape,
      ),
    );
    const plugin = defineBackend({ name: 'conf-sloppy', base: 'cpu', kernels: [sloppy] });
    const loose = await runConformance(plugin, { only: ['Sigmoid'], endToEnd: false });
    expect(loose.failed).toEqual([]);
    const strict = await runConformance(plugin, { only: ['Sigmoid'], endToEnd: false, tolerance: 1e-6 });
    expect(strict.failed.map((f) => f.kernel)).toContain('Sigmoid');
  });

  test('the active backend is left as it was', async () => {
    await tf.useBackend('cpu');
    await runConformance(defineBackend({ name: 'conf-restore', base: 'cpu', kernels: [] }), {
      only: ['Add'],
      endToEnd: false,
    });
    expect(tf.currentBackend()).toBe('cpu');
  });
});

describe('the reference itself', () => {
  test('cpu is compared with the outputs recorded on it when the suite was written', async () => {
    const { plugin } = await import('@strata/backend-cpu');
    const report = await runConformance(plugin);
    expect(report.recordedWith).toMatch(/@tensorflow\/tfjs-core 4\.22\.0/);
    expect(
      report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.kernel}: ${c.case}: ${c.error}`),
    ).toEqual([]);
    expect(report.endToEnd?.passed).toBe(true);
    expect(formatReport(report)).toMatch(
      /^Conformance of 'cpu' against outputs recorded on 'cpu' \(@tensorflow/,
    );
  });

  test('any other backend cannot be its own reference', async () => {
    await expect(
      runConformance(defineBackend({ name: 'conf-self', base: 'cpu', kernels: [] }), {
        reference: 'conf-self',
      }),
    ).rejects.toThrow(/only 'cpu' has recorded outputs/);
  });
});

describe('a kernel that passes its cases but not in training', () => {
  // Like a backend bug that only shows for some layouts: wrong only for the shapes of the MLP's backward pass.
  test('is found by comparing the training kernel by kernel, and reported under its own name', async () => {
    const cpuMatMul = tf.getKernel('BatchMatMul', 'cpu')!.kernelFunc;
    const matMul = defineKernel(
      'BatchMatMul',
      ({ inputs: { a, b }, attrs, backend, readValues, makeOutput }) => {
        const out = cpuMatMul({ inputs: { a, b }, attrs: { ...attrs }, backend }) as tf.TensorInfo;
        if (!(attrs.transposeB && a.shape[0] === 16 && a.shape[1] === 3)) return out;
        const skewed = makeOutput(
          readValues(out).map((v) => v * 1.01),
          out.shape,
        );
        backend.disposeData(out.dataId);
        return skewed;
      },
    );
    const report = await runConformance(
      defineBackend({ name: 'conf-layout-bug', base: 'cpu', kernels: [matMul] }),
    );
    expect(report.missing).toEqual([]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({
      kernel: 'BatchMatMul',
      case: expect.stringMatching(
        /^in end-to-end training, call #\d+ \(inputs \[16, 3\], \[8, 3\]; attrs .*"transposeB":true/,
      ),
      error: expect.stringMatching(/output at .* its inputs matched 'cpu'$/),
    });
    expect(report.endToEnd?.divergence?.kernel).toBe('BatchMatMul');
    expect(formatReport(report)).toMatch(
      /The first kernel call that differs with equal inputs: BatchMatMul \(call #\d+\)/,
    );
  });
});

describe('known deviations', () => {
  // Drops NaN (returns 0 for it), like a vectorised max(x, 0): wrong in one special-value case only.
  const nanDroppingRelu = defineKernel('Relu', ({ inputs: { x }, readValues, makeOutput }) =>
    makeOutput(
      // biome-ignore lint/complexity/useMathMinMax: Math.max keeps NaN, and this kernel must drop it.
      readValues(x).map((v) => (v > 0 ? v : 0)),
      x.shape,
    ),
  );
  const nanCase = 'relu NaN, Infinity, ±0, 1e30';
  const declared = [{ kernel: 'Relu', case: nanCase, reason: 'max(x, 0) on this device drops NaN' }];
  const only = ['Relu', 'Softmax'];

  test('a declared case that still fails is a deviation, not a failure, and is listed with its reason', async () => {
    const plugin = defineBackend({ name: 'conf-deviates', base: 'cpu', kernels: [nanDroppingRelu] });
    const report = await runConformance(plugin, { only, knownDeviations: declared });
    expect(report.failed).toEqual([]);
    expect(report.deviations).toEqual([
      { ...declared[0], status: 'deviates', error: expect.stringMatching(/got 0, cpu gave NaN/) },
    ]);
    expect(report.cases.find((c) => c.case === nanCase)?.status).toBe('deviates');
    expect(report.passed).toEqual(['Softmax']); // Relu is not clean
    expect(report.endToEnd?.passed).toBe(true);
    const text = formatReport(report);
    expect(text).toMatch(/0 failed, 0 missing, 1 with known deviations/);
    expect(text).toMatch(
      /Known deviations[^\n]*:\n\s+Relu\s+relu NaN, Infinity, ±0, 1e30: max\(x, 0\) on this device drops NaN \(today: output at \[0\]: got 0, cpu gave NaN/,
    );
  });

  test('a declared case that now matches fails, saying to remove the declaration', async () => {
    const plugin = defineBackend({ name: 'conf-fixed', base: 'cpu', kernels: [] });
    const report = await runConformance(plugin, { only, endToEnd: false, knownDeviations: declared });
    expect(report.deviations).toEqual([{ ...declared[0], status: 'matches' }]);
    expect(report.failed).toEqual([
      expect.objectContaining({
        kernel: 'Relu',
        case: nanCase,
        error: expect.stringMatching(/now matches 'cpu'\. Remove it from knownDeviations/),
      }),
    ]);
    expect(formatReport(report)).toMatch(/1 failed/);
  });

  test('other failures of the same kernel are still failures', async () => {
    const alsoWrong = defineKernel('Relu', ({ inputs: { x }, readValues, makeOutput }) =>
      makeOutput(
        readValues(x).map((v) => (v > 0 ? v * 1.01 : 0)),
        x.shape,
      ),
    );
    const plugin = defineBackend({ name: 'conf-new-failure', base: 'cpu', kernels: [alsoWrong] });
    const report = await runConformance(plugin, { only, endToEnd: false, knownDeviations: declared });
    expect(report.deviations[0]?.status).toBe('deviates');
    expect(report.failed.map((f) => f.case)).toEqual(expect.arrayContaining(['relu [3,4]']));
    expect(report.failed.map((f) => f.case)).not.toContain(nanCase);
  });

  test('a declaration the plugin cannot run is reported as not checked; a bad one is refused', async () => {
    const plugin = defineBackend({ name: 'conf-no-relu', base: 'cpu', kernels: [] });
    tf.registerBackendPlugin(plugin);
    await tf.useBackend('conf-no-relu');
    tf.unregisterKernel('Relu', 'conf-no-relu');
    await tf.useBackend('cpu');
    const report = await runConformance(plugin, { only, endToEnd: false, knownDeviations: declared });
    expect(report.deviations).toEqual([
      { ...declared[0], status: 'not-judged', error: 'the plugin has no Relu kernel' },
    ]);
    expect(formatReport(report)).toMatch(/NOT CHECKED: the plugin has no Relu kernel/);
    await expect(
      runConformance(plugin, { only, knownDeviations: [{ ...declared[0]!, case: 'relu NaN' }] }),
    ).rejects.toThrow(/'Relu' has no case 'relu NaN'\. Its cases are: 'relu \[3,4\]'/);
  });
});
