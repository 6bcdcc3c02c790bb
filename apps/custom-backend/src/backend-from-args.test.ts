import { expect, test } from 'vitest';
import { backendFromArgs } from './backend-from-args.js';

test('reads --backend NAME and --backend=NAME', () => {
  expect(backendFromArgs(['--steps', '3', '--backend', 'trace:wasm'])).toBe('trace:wasm');
  expect(backendFromArgs(['--backend=trace'])).toBe('trace');
  expect(backendFromArgs(['--steps', '3'])).toBeUndefined();
  expect(() => backendFromArgs(['--backend'])).toThrow(/--backend trace:cpu/);
  expect(() => backendFromArgs(['--backend', '--steps'])).toThrow(/needs a name/);
});
