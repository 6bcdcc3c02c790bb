// Shared by the saving tests: temporary directories, in-memory IOHandlers, and comparing predictions.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@strata/core';
import { expect } from 'vitest';

/** A fresh directory under the OS temp dir; remove it with `removeDir`. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'strata-saving-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Sorted file names in `dir`. */
export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

export function readJson(file: string): any {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** An IOHandler that keeps what is saved, like tf.io.withSaveHandler, and loads it back (tf.io.fromMemory). */
export function memoryHandler(): tf.io.IOHandler & { artifacts?: tf.io.ModelArtifacts } {
  const handler: tf.io.IOHandler & { artifacts?: tf.io.ModelArtifacts } = {
    save: async (artifacts) => {
      handler.artifacts = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: async () => {
      if (!handler.artifacts) throw new Error('nothing saved');
      return handler.artifacts;
    },
  };
  return handler;
}

/**
 * Reads a directory written by Strata (or tfjs-node) into ModelArtifacts, as a tf.io file handler would: the JSON
 * and its manifest's shards, concatenated. For handing our files to tfjs-layers, which has no file:// in Node.
 */
export function readArtifacts(jsonPath: string): tf.io.ModelArtifacts {
  const json = readJson(jsonPath) as tf.io.ModelJSON;
  const dir = join(jsonPath, '..');
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const data = new Uint8Array(Buffer.concat(buffers)).buffer;
  return tf.io.getModelArtifactsForJSONSync(json, specs, data);
}

/** Writes artifacts as tfjs-node's file:// handler does: `model.json` and one `weights.bin`. */
export function writeArtifactsLikeTfjsNode(dir: string, artifacts: tf.io.ModelArtifacts): void {
  const { weightSpecs, weightData, ...rest } = artifacts;
  const json = { ...rest, weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs ?? [] }] };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'weights.bin'), Buffer.from(tf.io.CompositeArrayBuffer.join(weightData!)));
}

/** Copies of every weight's values, by variable. */
export async function snapshot(variables: tf.Variable[]): Promise<Float32Array[]> {
  return Promise.all(variables.map(async (v) => (await v.data()) as Float32Array));
}

export async function expectSameValues(variables: tf.Variable[], before: Float32Array[]): Promise<void> {
  const now = await snapshot(variables);
  for (const [i, values] of now.entries()) expect(Array.from(values)).toEqual(Array.from(before[i]!));
}

/** Runs `fn` and checks it leaves no tensor behind (`extra`: tensors it is meant to leave). */
export async function expectNoLeak<T>(fn: () => Promise<T>, extra = 0): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  expect(tf.memory().numTensors).toBe(before + extra);
  return result;
}

/** Expects `promise` to reject; returns the error for closer checks. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
