import * as tf from '@strata/core';
import { beforeAll, expect, test } from 'vitest';
import './expect-matches-cpu.js';

beforeAll(async () => {
  await tf.useBackend('webgl');
});

// Reads a packed texture whole, padding included (tfjs-backend-webgl internals, for this test only). Texel
// (i, j) of a [3, 3] tensor holds rows 2i, 2i+1 and columns 2j, 2j+1: column 3 and row 3 are padding.
function paddingOf(t: tf.Tensor): number[] {
  const backend = tf.backend() as unknown as {
    texData: {
      get(id: object): { texture?: { texture: WebGLTexture }; isPacked: boolean; texShape: number[] };
    };
    gpgpu: { downloadMatrixFromPackedTexture(t: WebGLTexture, rows: number, cols: number): Float32Array };
  };
  const data = backend.texData.get(t.dataId);
  expect(data.isPacked, 'a packed texture').toBe(true);
  const [rows, cols] = data.texShape.map((d) => Math.ceil(d / 2)) as [number, number];
  const raw = Array.from(backend.gpgpu.downloadMatrixFromPackedTexture(data.texture!.texture, rows, cols));
  // texel (0, 1): [r0c2, r0c3, r1c2, r1c3]; texel (1, 0): [r2c0, r2c1, r3c0, r3c1]; texel (1, 1): [r2c2, r2c3, ...]
  return [raw[5]!, raw[7]!, raw[10]!, raw[11]!, raw[13]!, raw[14]!, raw[15]!];
}

test("packed outputs of our programs have 0 in their padding (tfjs's packed add leaves 1 there)", async () => {
  const x = tf.tensor2d([1, -2, 3, -4, 5, -6, 7, -8, 9], [3, 3]);
  (tf.backend() as unknown as { uploadToGPU(id: object): void }).uploadToGPU(x.dataId);
  const shifted = tf.add(x, 1); // tfjs's program
  expect(paddingOf(shifted)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  for (const y of [tf.relu(shifted), tf.clipByValue(shifted, -1, 1), tf.div(shifted, 2)]) {
    expect(paddingOf(y)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    y.dispose();
  }
  tf.dispose([x, shifted]);
});
