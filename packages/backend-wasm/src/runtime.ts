/**
 * Facts about the JavaScript runtime that decide how the wasm module starts.
 * `isNode` is the very test Emscripten's glue code makes, so the two never disagree.
 */
export const isNode: boolean =
  typeof process === 'object' &&
  typeof process.versions === 'object' &&
  typeof process.versions.node === 'string';

// A module using a SIMD instruction (v128), from GoogleChromeLabs/wasm-feature-detect, as tfjs uses.
const simdProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11,
]);
// A module with shared memory and an atomic load, from the same source.
const threadsProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254,
  16, 2, 0, 26, 11,
]);

export function hasWebAssembly(): boolean {
  return typeof WebAssembly === 'object' && typeof WebAssembly.instantiate === 'function';
}

export function hasSimd(): boolean {
  return validates(simdProbe);
}

/** Why wasm threads cannot run here, or `undefined` if they can. */
export function threadsUnavailableReason(): string | undefined {
  if (typeof SharedArrayBuffer !== 'function' || !validates(threadsProbe)) {
    return 'this runtime has no WebAssembly threads (SharedArrayBuffer and atomics)';
  }
  if (isNode) return undefined; // worker_threads is always there in Node >= 20
  if (typeof Worker !== 'function') return 'this runtime has no Web Workers';
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true) {
    return (
      'the page is not cross-origin isolated; serve it with the headers ' +
      "'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp'"
    );
  }
  return undefined;
}

/** Logical cores the runtime reports (Node: os.availableParallelism(); browsers: navigator.hardwareConcurrency). */
export async function logicalCores(): Promise<number> {
  if (isNode) {
    const os = await nodeImport<typeof import('node:os')>('node:os');
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/**
 * Imports a Node built-in. The specifier is a variable so that browser bundlers neither bundle nor stub it:
 * this package's browser build must not depend on Node modules it never calls there.
 */
export function nodeImport<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;
}

function validates(bytes: BufferSource): boolean {
  try {
    return hasWebAssembly() && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}
