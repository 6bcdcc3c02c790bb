import { InvalidArgumentError, UnknownNameError } from '@strata/core';
import { afterEach, describe, expect, test } from 'vitest';
import { configureWasm } from './index.js';
import { releaseOptions, takeOptions } from './options.js';

afterEach(() => {
  delete process.env.STRATA_WASM_THREADS;
  releaseOptions();
});

describe('configureWasm', () => {
  test.each([0, 9, 1.5, -2, 'many'])('rejects threads: %j, naming the valid range', (threads) => {
    expect(() => configureWasm({ threads: threads as number })).toThrow(InvalidArgumentError);
    expect(() => configureWasm({ threads: threads as number })).toThrow(/from 1 to 8 or 'auto'/);
  });

  test('rejects an unknown wasm file name and lists the three real ones', () => {
    const call = () => configureWasm({ paths: { 'tfjs-backend-wasm-simd2.wasm': '/x.wasm' } as never });
    expect(call).toThrow(UnknownNameError);
    expect(call).toThrow(
      /'tfjs-backend-wasm\.wasm', 'tfjs-backend-wasm-simd\.wasm', 'tfjs-backend-wasm-threaded-simd\.wasm'/,
    );
  });

  test('rejects an empty folder and a non-boolean simd with what to pass instead', () => {
    expect(() => configureWasm({ paths: '' })).toThrow(/@tensorflow\/tfjs-backend-wasm\/dist\//);
    expect(() => configureWasm({ simd: 'yes' as never })).toThrow(/true or false/);
  });

  test('a failed call changes nothing; options merge across calls', () => {
    configureWasm({ threads: 3, paths: '/wasm/' });
    expect(() => configureWasm({ threads: 99, simd: false })).toThrow();
    configureWasm({ simd: false });
    expect(takeOptions()).toEqual({ threads: 3, paths: '/wasm/', simd: false });
  });

  test('once loading has started, configureWasm() throws with the fix', () => {
    takeOptions();
    expect(() => configureWasm({ threads: 2 })).toThrow(/before the first useBackend\('wasm'\)/);
  });
});

describe('STRATA_WASM_THREADS (Node)', () => {
  test('sets the thread count when configureWasm() did not', () => {
    configureWasm({ threads: undefined });
    process.env.STRATA_WASM_THREADS = '1';
    expect(takeOptions().threads).toBe(1);
  });

  test('a bad value names the variable', () => {
    configureWasm({ threads: undefined });
    process.env.STRATA_WASM_THREADS = 'lots';
    expect(() => takeOptions()).toThrow(
      /STRATA_WASM_THREADS environment variable must be an integer from 1 to 8/,
    );
  });
});
