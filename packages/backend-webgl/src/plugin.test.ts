import * as tf from '@strata/core';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { plugin } from './index.js';
import '@strata/backend-cpu';

// Plain Node: no document, no OffscreenCanvas, so no WebGL context can exist.
afterEach(() => {
  vi.restoreAllMocks();
});

describe('@strata/backend-webgl in Node', () => {
  test('importing the package registers the plugin without loading tfjs-backend-webgl', async () => {
    const info = (await tf.listBackends()).find((b) => b.name === 'webgl');
    expect(info).toMatchObject({ name: 'webgl', priority: 3, loaded: false });
    expect(tf.getBackendPlugin('webgl')).toBe(plugin);
    expect(tf.findBackendFactory('webgl')).toBeNull();
  });

  test('isSupported() is false, quietly', async () => {
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    expect(await plugin.isSupported!()).toBe(false);
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  test("useBackend('webgl') says it is not supported here and how to fall back", async () => {
    await expect(tf.useBackend('webgl')).rejects.toThrow(/'webgl' is not supported in this environment/);
    await expect(tf.useBackend('webgl')).rejects.toThrow(/useBackend\(\['webgl', 'cpu'\]\)/);
    // Nothing was loaded and no tfjs backend was registered by the failed attempt.
    expect((await tf.listBackends()).find((b) => b.name === 'webgl')).toMatchObject({
      supported: false,
      loaded: false,
    });
    expect(tf.findBackendFactory('webgl')).toBeNull();
  });

  test("useBackend(['webgl', 'cpu']) falls through to cpu with a warning, and cpu computes", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await tf.useBackend(['webgl', 'cpu'])).toBe('cpu');
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/'webgl'.*not supported/);
    const y = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(await y.data()).toEqual(new Float32Array([11]));
    y.dispose();
  });

  test('useBackend() with no choice skips webgl (highest priority) and picks cpu', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await tf.useBackend()).toBe('cpu');
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/'webgl'.*not supported/);
  });
});
