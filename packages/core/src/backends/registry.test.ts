import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, test, vi } from 'vitest';
import * as tf from '../index.js';
import type { BackendPlugin } from './backend-plugin.js';

// A real backend (tfjs's cpu) registered under another name, so selection is tested with real tensors.
function cpuAlias(name: string, extra: Partial<BackendPlugin> = {}): BackendPlugin & { loads: number } {
  const plugin = {
    name,
    loads: 0,
    async load() {
      plugin.loads++;
      tf.copyRegisteredKernels('cpu', name);
      tf.registerBackend(name, () => new MathBackendCPU(), 1);
    },
    ...extra,
  };
  return plugin;
}

// tfjs-backend-cpu registers its kernels under 'cpu' on import; we copy them to our aliases.
tf.registerBackendPlugin(cpuAlias('alpha', { priority: 1 }));
tf.registerBackendPlugin(cpuAlias('beta', { priority: 5 }));
const unsupported = cpuAlias('gamma', { priority: 10, isSupported: () => false });
tf.registerBackendPlugin(unsupported);
tf.registerBackendPlugin({
  name: 'broken',
  load: async () => {
    throw new Error('shader compiler exploded');
  },
});
tf.registerBackendPlugin({
  name: 'failsinit',
  load: async () => {
    tf.registerBackend('failsinit', () => {
      throw new Error('no GPU adapter found');
    });
  },
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.STRATA_BACKEND;
});

describe('useBackend', () => {
  test('an explicit name loads and activates that backend, and tensors run on it', async () => {
    expect(await tf.useBackend('alpha')).toBe('alpha');
    expect(tf.currentBackend()).toBe('alpha');
    expect(tf.getBackend()).toBe('alpha');
    expect(tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1).arraySync())).toEqual([2, 3]);
  });

  test('with no choice, takes the highest-priority supported plugin', async () => {
    expect(await tf.useBackend()).toBe('beta');
    const list = await tf.listBackends();
    expect(list.find((b) => b.name === 'gamma')?.supported).toBe(false);
    expect(list.find((b) => b.name === 'beta')).toMatchObject({ active: true, loaded: true, priority: 5 });
    expect(unsupported.loads).toBe(0);
  });

  test('STRATA_BACKEND picks the backend (a name or a list)', async () => {
    process.env.STRATA_BACKEND = 'alpha';
    expect(await tf.useBackend()).toBe('alpha');
    process.env.STRATA_BACKEND = 'broken, beta';
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await tf.useBackend()).toBe('beta');
  });

  test('a preference list falls through failures with a warning that says why', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await tf.useBackend(['gamma', 'broken', 'failsinit', 'alpha'])).toBe('alpha');
    const warnings = warn.mock.calls.map((c) => String(c[0])).join('\n');
    expect(warnings).toMatch(/'gamma'.*not supported/);
    expect(warnings).toMatch(/'broken'.*shader compiler exploded/);
    expect(warnings).toMatch(/'failsinit'.*no GPU adapter found/);
  });

  test('an unknown name lists the registered backends and names the package to install', async () => {
    const error = await tf.useBackend('webgpu').catch((e) => e);
    expect(tf.BackendNotFoundError.isInstance(error) || error instanceof tf.BackendNotFoundError).toBe(true);
    expect(error.message).toMatch(/'webgpu'/);
    expect(error.message).toMatch(/'alpha', 'beta'|'beta', 'alpha'/);
    expect(error.message).toMatch(/@strata\/backend-webgpu/);
  });

  test('a backend that fails on its own throws with its real cause and leaves the active backend alone', async () => {
    await tf.useBackend('alpha');
    await expect(tf.useBackend('broken')).rejects.toThrow(/failed to load: shader compiler exploded/);
    await expect(tf.useBackend('failsinit')).rejects.toThrow(/failed to initialise: no GPU adapter found/);
    expect(tf.currentBackend()).toBe('alpha');
  });

  test('when every choice fails, the error lists each reason', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(tf.useBackend(['broken', 'gamma'])).rejects.toThrow(
      /broken: .*exploded[\s\S]*gamma: .*not supported/,
    );
  });

  test('switching backends keeps earlier tensors usable and leaks nothing', async () => {
    await tf.useBackend('alpha');
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    await tf.useBackend('beta');
    const y = tf.matMul(x, x);
    expect(await y.array()).toEqual([
      [7, 10],
      [15, 22],
    ]);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('loading happens once per plugin, and registering again by name is a no-op', async () => {
    const again = cpuAlias('alpha');
    tf.registerBackendPlugin(again);
    await tf.useBackend('alpha');
    await tf.useBackend('beta');
    await tf.useBackend('alpha');
    expect(again.loads).toBe(0);
    expect(tf.getBackendPlugin('alpha')).not.toBe(again);
  });

  test('registerBackendPlugin rejects something that is not a plugin', () => {
    expect(() => tf.registerBackendPlugin({ name: '' } as BackendPlugin)).toThrow(/defineBackend/);
  });
});

describe('@strata/core tensor API', () => {
  test('gradients and chained ops are registered without the tfjs umbrella', async () => {
    await tf.useBackend('alpha');
    const x = tf.tensor1d([1, 2, 3]);
    const g = tf.grad((a: tf.Tensor) => a.square().sum())(x);
    expect(await g.data()).toEqual(new Float32Array([2, 4, 6]));
    const v = tf.variable(x);
    const { value, grads } = tf.variableGrads(() => v.mul(2).sum() as tf.Scalar, [v]);
    expect(await value.data()).toEqual(new Float32Array([12]));
    expect(await grads[v.name]!.data()).toEqual(new Float32Array([2, 2, 2]));
    tf.dispose([x, g, v, value, ...Object.values(grads)]);
  });
});
