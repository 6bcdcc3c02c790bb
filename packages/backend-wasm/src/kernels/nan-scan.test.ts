import * as tf from '@strata/core';
import { describe, expect, test } from 'vitest';
import type { WasmBackendLike } from './define-kernel.js';
import { hasNaN, hasNaNInJs, scannerModule } from './nan-scan.js';
import '../index.js';

// Every count up to three 64-byte blocks and a tail, at an offset that is not 16-byte aligned.
const counts = Array.from({ length: 52 }, (_, i) => i);
const byteOffset = 36;

function check(
  scan: (offset: number, count: number) => number,
  memory: WebAssembly.Memory,
  exactForInfinity = true,
) {
  const view = new Float32Array(memory.buffer, byteOffset - 4, 64);
  for (const count of counts) {
    view.fill(1.5);
    view[0] = Number.NaN; // just before the range
    view[count + 1] = Number.NaN; // just after it
    expect(scan(byteOffset, count), `count ${count}, NaN only outside`).toBe(0);
    view[1] = Number.POSITIVE_INFINITY;
    if (count > 1) view[2] = Number.NEGATIVE_INFINITY;
    if (exactForInfinity) expect(scan(byteOffset, count), `count ${count}, ±Infinity is not NaN`).toBe(0);
    for (let at = 0; at < count; at++) {
      view[at + 1] = Number.NaN;
      expect(scan(byteOffset, count), `count ${count}, NaN at ${at}`).toBe(1);
      view[at + 1] = 0;
    }
  }
}

describe('the SIMD NaN scanner', () => {
  test.each([false, true])(
    'finds every NaN in range and none outside (shared memory: %s)',
    async (shared) => {
      const memory = shared
        ? new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true })
        : new WebAssembly.Memory({ initial: 1 });
      expect(WebAssembly.validate(scannerModule(shared))).toBe(true);
      const { instance } = await WebAssembly.instantiate(scannerModule(shared), { env: { memory } });
      check(instance.exports.hasNaN as (offset: number, count: number) => number, memory);
    },
  );

  test('the JavaScript fallback agrees (it may also answer yes for +Infinity next to -Infinity)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const scan = (offset: number, count: number) =>
      Number(hasNaNInJs(new Float32Array(memory.buffer, offset, count)));
    check(scan, memory, false);
    const infinities = new Float32Array(memory.buffer, 0, 6);
    infinities.set([Number.POSITIVE_INFINITY, 1, 2, 3, 4, Number.NEGATIVE_INFINITY]);
    expect(scan(0, 6)).toBe(0); // in different groups of four: exact
  });

  test("runs on the plugin's own heap: the module's memory is captured at start", async () => {
    await tf.useBackend('wasm');
    const backend = tf.backend() as unknown as WasmBackendLike;
    expect(backend.wasm?.memory).toBeInstanceOf(WebAssembly.Memory);
    // Heap views share the captured memory's buffer: the SIMD scan runs, not the JavaScript fallback.
    const probe = tf.tensor1d([1]);
    expect(backend.typedArrayFromHeap(probe).buffer).toBe(backend.wasm!.memory!.buffer);
    probe.dispose();
    const clean = tf.tensor1d([1, 2, 3, Number.POSITIVE_INFINITY, 5]);
    const dirty = tf.tensor1d([1, 2, 3, 4, 5, Number.NaN]);
    const ints = tf.tensor1d([1, 2], 'int32');
    expect(hasNaN(backend, clean)).toBe(false);
    expect(hasNaN(backend, dirty)).toBe(true);
    expect(hasNaN(backend, ints)).toBe(false);
    tf.dispose([clean, dirty, ints]);
  });
});
