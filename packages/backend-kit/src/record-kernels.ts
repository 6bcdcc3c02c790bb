import * as tf from '@strata/core';
import { defineBackend } from './define-backend.js';

/**
 * A backend that is `reference` plus a note of every kernel dispatched on it: it shares the reference's
 * instance and kernels (wrapped), so results are the reference's own.
 *
 * Why not tf.profile: while profiling, tfjs runs kernels inside the backend's async timer, so a kernel that
 * throws turns into an unhandled promise rejection and a confusing engine error instead of its own message.
 */
// On globalThis: the recorder backend is registered once by name, so every copy of the kit (ESM and CJS
// builds in one process) must write to the same set.
const stateKey = Symbol.for('strata.backendKit.recording');
const globalScope = globalThis as unknown as Record<symbol, { recording?: Set<string> } | undefined>;
const state: { recording?: Set<string> } = globalScope[stateKey] ?? {};
globalScope[stateKey] = state;

function recorderName(reference: string): string {
  return `${reference}:record-kernels`;
}

async function useRecorder(reference: string): Promise<void> {
  const name = recorderName(reference);
  if (!tf.getBackendPlugin(name)) {
    tf.registerBackendPlugin(
      defineBackend({
        name,
        // Never chosen by useBackend() without a name.
        priority: -1000,
        base: reference,
        kernels: [],
        wrap: (call, next) => {
          state.recording?.add(call.kernelName);
          return next();
        },
      }),
    );
  }
  await tf.useBackend(name);
}

/**
 * Runs `work` on the reference backend and returns what it returned and the names of the kernels it
 * dispatched (sorted). Leaves the active backend as it was. Not reentrant.
 */
export async function recordKernels<T>(
  reference: string,
  work: () => T | Promise<T>,
): Promise<{ result: T; kernels: string[] }> {
  const previous = tf.currentBackend();
  await useRecorder(reference);
  const seen = new Set<string>();
  const outer = state.recording;
  state.recording = seen;
  try {
    const result = await work();
    return { result, kernels: [...seen].sort() };
  } finally {
    state.recording = outer;
    if (outer) for (const k of seen) outer.add(k);
    if (previous !== undefined && tf.currentBackend() !== previous) await tf.setBackend(previous);
  }
}

/** Switches to the recording view of `reference` (loading it if needed), for many recordings in a row. */
export async function activateRecorder(reference: string): Promise<void> {
  await useRecorder(reference);
}
