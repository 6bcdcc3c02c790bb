import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { beforeAll, expect, test } from 'vitest';
import { defineBackend } from './define-backend.js';
import { defineKernel } from './define-kernel.js';
import { formatCoverageMarkdown, kernelCoverage } from './kernel-coverage.js';

const relu = defineKernel('Relu', ({ inputs: { x }, readValues, makeOutput }) =>
  makeOutput(
    readValues(x).map((v) => Math.max(v, 0)),
    x.shape,
  ),
);
beforeAll(async () => {
  tf.registerBackendPlugin(defineBackend({ name: 'cov-inherit', base: 'cpu', kernels: [relu] }));
  tf.registerBackendPlugin(defineBackend({ name: 'cov-bare', kernels: [relu] }));
  await tf.useBackend('cov-inherit');
  await tf.useBackend('cov-bare');
  await tf.useBackend('cpu');
});

test('classifies each needed kernel per backend as native, inherited or missing', async () => {
  const coverage = await kernelCoverage([
    { name: 'cpu' },
    { name: 'cov-inherit' },
    {
      name: 'cov-bare',
      note: 'Relu only',
      deviations: [{ kernel: 'Relu', case: 'relu NaN, Infinity, ±0, 1e30', reason: 'drops NaN' }],
    },
    { name: 'nowhere' },
  ]);
  const kernels = coverage.rows.map((r) => r.kernel);
  expect(kernels).toEqual(
    expect.arrayContaining(['BatchMatMul', 'Conv2DBackpropFilter', 'Relu', 'UnsortedSegmentSum']),
  );
  expect(coverage.rows.find((r) => r.kernel === 'Conv2DBackpropFilter')!.usedBy).toContain('conv');
  expect(coverage.rows.find((r) => r.kernel === 'BatchMatMul')!.usedBy).toEqual(
    expect.arrayContaining(['matmul', 'training']),
  );

  const text = formatCoverageMarkdown(coverage, '# Kernel coverage');
  expect(text).toMatch(/^# Kernel coverage\n/);
  expect(text).toMatch(new RegExp(`\\| cpu \\| ${kernels.length} \\| 0 \\| 0 \\|`));
  expect(text).toMatch(new RegExp(`\\| cov-inherit \\| 1 \\| ${kernels.length - 1} \\| 0 \\|`));
  expect(text).toMatch(new RegExp(`\\| cov-bare \\| 1 \\| 0 \\| ${kernels.length - 1} \\| 1 \\|`));
  expect(text).toMatch(/\| nowhere \| n\/a \| n\/a \| n\/a \| 0 \|/);
  expect(text).toMatch(/\| `Relu` \| [a-z, ]+ \| native \| native \| native \| n\/a \|/);
  expect(text).toMatch(
    /\| `Conv2DBackpropFilter` \| [a-z, ]+ \| native \| inherited \(cpu\) \| \*\*missing\*\* \| n\/a \|/,
  );
  expect(text).toMatch(/- `Conv2DBackpropFilter` on cov-bare \(used by conv/);
  expect(text).toMatch(/- cov-bare: Relu only/);
  expect(text).toMatch(
    /Known deviations [^\n]*\n[^\n]*\n\n- cov-bare: `Relu`, case 'relu NaN, Infinity, ±0, 1e30': drops NaN\n/,
  );
});
