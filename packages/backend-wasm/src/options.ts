import { InvalidArgumentError, UnknownNameError } from '@strata/core';
import { type WasmFileName, wasmFileNames } from './wasm-files.js';

/** The most threads the backend can use: tfjs-backend-wasm's threaded build pre-starts a pool of 8 workers. */
export const maxThreads = 8;

/** Options for the 'wasm' backend; see {@link configureWasm}. */
export interface WasmOptions {
  /**
   * Where the `.wasm` binaries are: a folder (URL or path, ending in `/`) holding all three, or a map from file
   * name to URL. Default: in Node, the installed `@tensorflow/tfjs-backend-wasm`; in a browser, the copies in this
   * package's `wasm/` folder, found with `new URL(..., import.meta.url)` (bundlers emit them as assets).
   */
  paths?: string | Partial<Record<WasmFileName, string>>;
  /**
   * Threads in XNNPACK's pool: a number from 1 to 8, or `'auto'` for every logical core (at most 8).
   * `1` loads the single-threaded build and starts no workers. In Node the `STRATA_WASM_THREADS` environment
   * variable sets it too. Default: `'auto'`.
   */
  threads?: number | 'auto';
  /** Load a SIMD build when the runtime supports SIMD. Default: `true`. */
  simd?: boolean;
}

let current: WasmOptions = {};
let frozenBy: string | undefined;

/**
 * Sets how the 'wasm' backend loads. Call it before `useBackend('wasm')`; nothing is needed in Node or in a
 * browser app whose bundler handles `new URL(..., import.meta.url)`.
 * @example configureWasm({ paths: '/static/wasm/', threads: 2 }); await useBackend('wasm');
 */
export function configureWasm(options: WasmOptions): void {
  if (frozenBy) {
    throw new InvalidArgumentError(
      `configureWasm() was called after the 'wasm' backend ${frozenBy}; its options only apply to loading. ` +
        `Call configureWasm() before the first useBackend('wasm') (or useBackend() with no name).`,
    );
  }
  const { paths, threads, simd } = options;
  if (threads !== undefined) checkThreads(threads, 'configureWasm({ threads })');
  if (simd !== undefined && typeof simd !== 'boolean') {
    throw new InvalidArgumentError(`configureWasm({ simd }) takes true or false, got ${String(simd)}.`);
  }
  if (paths !== undefined) checkPaths(paths);
  current = { ...current, ...options };
}

/** The options in force; from here on configureWasm() throws, unless the load fails (releaseOptions). */
export function takeOptions(): WasmOptions {
  let options = current;
  const fromEnv = typeof process === 'object' ? process.env?.STRATA_WASM_THREADS : undefined;
  if (current.threads === undefined && fromEnv !== undefined && fromEnv.trim() !== '') {
    const value = fromEnv.trim() === 'auto' ? 'auto' : Number(fromEnv);
    checkThreads(value, 'the STRATA_WASM_THREADS environment variable');
    options = { ...current, threads: value };
  }
  frozenBy = 'started loading';
  return options;
}

/** Called when the backend has loaded: the options can no longer change anything. */
export function markOptionsUsed(): void {
  frozenBy = 'loaded';
}

/** Undoes takeOptions() after a failed load, so configureWasm() can fix what failed. */
export function releaseOptions(): void {
  frozenBy = undefined;
}

function checkThreads(threads: unknown, where: string): asserts threads is number | 'auto' {
  if (threads === 'auto') return;
  if (typeof threads !== 'number' || !Number.isInteger(threads) || threads < 1 || threads > maxThreads) {
    throw new InvalidArgumentError(
      `${where} must be an integer from 1 to ${maxThreads} or 'auto', got ${JSON.stringify(threads)}. ` +
        `tfjs-backend-wasm starts a pool of ${maxThreads} workers, so more threads cannot run; use 'auto' for every core.`,
    );
  }
}

function checkPaths(paths: unknown): void {
  if (typeof paths === 'string') {
    if (paths === '')
      throw new InvalidArgumentError(`configureWasm({ paths }) got an empty string. ${pathsFix}`);
    return;
  }
  if (typeof paths !== 'object' || paths === null) {
    throw new InvalidArgumentError(
      `configureWasm({ paths }) takes a string or an object, got ${String(paths)}. ${pathsFix}`,
    );
  }
  for (const [name, url] of Object.entries(paths)) {
    if (!(wasmFileNames as readonly string[]).includes(name)) {
      throw new UnknownNameError(
        'wasm file',
        name,
        wasmFileNames,
        `Check the keys of configureWasm({ paths }).`,
      );
    }
    if (typeof url !== 'string' || url === '') {
      throw new InvalidArgumentError(
        `configureWasm({ paths }) has no URL for '${name}' (got ${String(url)}). ${pathsFix}`,
      );
    }
  }
}

const pathsFix =
  "Pass the folder that serves the files of @tensorflow/tfjs-backend-wasm/dist/ (e.g. '/wasm/') or a map " +
  "such as { 'tfjs-backend-wasm-simd.wasm': simdUrl }.";
