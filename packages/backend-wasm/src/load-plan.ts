import { InvalidArgumentError } from '@strata/core';
import { installedWasmPath } from './node-process.js';
import { maxThreads, type WasmOptions } from './options.js';
import { hasSimd, isNode, logicalCores, threadsUnavailableReason } from './runtime.js';
import { binaryFor, bundledWasmUrl, type WasmFileName } from './wasm-files.js';

/** What load() will start, and why: `threadsNote` says why there are not more threads. */
export interface LoadPlan {
  runtime: 'node' | 'browser';
  simd: boolean;
  threads: number;
  threadsNote?: string;
  binary: WasmFileName;
  wasmUrl: string;
}

/** Decides the binary, thread count and file location from the options and what this runtime supports. */
export async function planLoad(options: WasmOptions): Promise<LoadPlan> {
  const simdWanted = options.simd ?? true;
  const simd = simdWanted && hasSimd();
  const cores = await logicalCores();
  const wanted =
    options.threads === undefined || options.threads === 'auto'
      ? Math.min(cores, maxThreads)
      : options.threads;
  let threadsNote: string | undefined;
  if (wanted === 1) {
    threadsNote = options.threads === 1 ? 'one thread was requested' : 'the runtime reports one logical core';
  } else if (!simd) {
    threadsNote = `tfjs-backend-wasm has no threaded build without SIMD, and ${
      simdWanted ? 'this runtime has no wasm SIMD' : 'SIMD was turned off with configureWasm({ simd: false })'
    }`;
  } else {
    threadsNote = threadsUnavailableReason();
  }
  const threads = threadsNote === undefined ? wanted : 1;
  const binary = binaryFor(simd, threads > 1);
  const plan: LoadPlan = {
    runtime: isNode ? 'node' : 'browser',
    simd,
    threads,
    binary,
    wasmUrl: await locate(binary, options.paths),
  };
  if (threadsNote !== undefined) plan.threadsNote = threadsNote;
  return plan;
}

async function locate(binary: WasmFileName, paths: WasmOptions['paths']): Promise<string> {
  if (typeof paths === 'string') return paths.endsWith('/') ? paths + binary : `${paths}/${binary}`;
  if (paths) {
    const url = paths[binary];
    if (!url) {
      throw new InvalidArgumentError(
        `configureWasm({ paths }) has no entry for '${binary}', the binary this runtime needs. ` +
          `Add it (from @tensorflow/tfjs-backend-wasm/dist/), or give all three files, or pass a folder URL instead.`,
      );
    }
    return url;
  }
  return isNode ? installedWasmPath(binary) : bundledWasmUrl(binary);
}
