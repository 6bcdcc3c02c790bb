import { snapshotProcess } from './node-process.js';
import { isNode } from './runtime.js';

/** The parts of tfjs-backend-wasm's Emscripten module that Strata and BackendWasm use. */
export interface WasmModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  tfjs: {
    init(): void;
    initWithThreadsCount(threads: number): void;
    getThreadsCount(): number;
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
    dispose(): void;
  };
  /** Threaded build only: Emscripten's pool of workers (in Node, worker_threads Workers). */
  PThread?: { runningWorkers: { unref?(): void }[]; terminateAllThreads(): void };
  /** The module's linear memory (the heap every tensor lives in), for the NaN scanner (kernels/nan-scan.ts). */
  memory?: WebAssembly.Memory;
}

type Receive = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

/** The settings object an Emscripten factory takes (and turns into the module). */
interface FactoryConfig {
  locateFile(path: string, prefix: string): string;
  instantiateWasm(imports: WebAssembly.Imports, receive: Receive): object;
  onAbort(reason: unknown): void;
  mainScriptUrlOrBlob?: Blob;
  PThread?: WasmModule['PThread'];
}

type Factory = (config: FactoryConfig) => Promise<WasmModule>;

/** What to start: the binary's bytes, and for the threaded build the pool size and the worker script. */
export interface StartPlan {
  threaded: boolean;
  bytes: Uint8Array<ArrayBuffer>;
  /** Where the bytes came from; Emscripten asks for it through locateFile(). */
  wasmUrl: string;
  threads: number;
  /** Threaded build: the pthread worker script (a file path in Node, a blob: URL in browsers). */
  workerUrl?: string;
}

/**
 * Starts tfjs-backend-wasm's Emscripten module with our own settings instead of tfjs's init(), which cannot start
 * threads in Node and always halves the core count. Resolves once the module (and, threaded, its workers) is ready.
 */
export async function startModule(plan: StartPlan): Promise<WasmModule> {
  const factory = await loadFactory(plan.threaded);
  let fail!: (error: unknown) => void;
  let memory: WebAssembly.Memory | undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  const config: FactoryConfig = {
    locateFile: (path, prefix) => {
      if (path.endsWith('.worker.js') && plan.workerUrl) return plan.workerUrl;
      return path.endsWith('.wasm') ? plan.wasmUrl : prefix + path;
    },
    instantiateWasm: (imports, receive) => {
      WebAssembly.instantiate(plan.bytes, withCoreCount(imports, plan.threads)).then(
        ({ instance, module }) => {
          // The threaded build imports a shared memory; the single-threaded one exports its own.
          const candidate = imports.env?.memory ?? instance.exports.memory;
          if (candidate instanceof WebAssembly.Memory) memory = candidate;
          receive(instance, module);
        },
        (error) => fail(new Error(`WebAssembly.instantiate failed for ${plan.wasmUrl}: ${messageOf(error)}`)),
      );
      return {}; // tells Emscripten the instance comes later, through receive()
    },
    onAbort: (reason) => fail(new Error(`the wasm module aborted while starting: ${messageOf(reason)}`)),
  };
  if (plan.threaded && !isNode) {
    // Browser workers load the factory from this script (in Node they read the factory's own file).
    const { threadedFactorySource } = await import('./threaded-factory-source.js');
    config.mainScriptUrlOrBlob = new Blob([threadedFactorySource], { type: 'text/javascript' });
  }
  // The factory's synchronous part is where Emscripten touches Node's globals; undo that at once.
  const snapshot = isNode ? snapshotProcess() : undefined;
  const ready = factory(config);
  snapshot?.restore();
  try {
    const module = withTfjsExports(await Promise.race([ready, failed]));
    if (memory) module.memory = memory;
    return module;
  } catch (error) {
    config.PThread?.terminateAllThreads(); // the factory starts its workers before instantiating
    throw error;
  }
}

// tfjs-backend-wasm sizes its pool as min(requested, logical cores / 2, 8): it assumes two hyper-threads per core,
// so a 2-core machine gets one thread. Answering the module's core query with twice our thread count gives the
// pool exactly `threads`. Only this instance's imports change; the query runs once, on the main thread, at start.
function withCoreCount(imports: WebAssembly.Imports, threads: number): WebAssembly.Imports {
  const env = { ...imports.env, emscripten_num_logical_cores: () => threads * 2 };
  const wasi = imports.wasi_snapshot_preview1 === imports.env ? env : imports.wasi_snapshot_preview1;
  return { ...imports, env, wasi_snapshot_preview1: wasi! };
}

// The same C entry points tfjs-backend-wasm's init() wraps; BackendWasm calls them through `module.tfjs`.
function withTfjsExports(module: WasmModule): WasmModule {
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: isNode
      ? keepingProcessListeners(module.cwrap('dispose', null, []))
      : module.cwrap('dispose', null, []),
  };
  return module;
}

// tfjs-backend-wasm's dispose() removes every uncaughtException/unhandledRejection listener of the process
// (its filter for "listeners Emscripten added" matches all of them); put back what was there.
function keepingProcessListeners(dispose: () => void): () => void {
  return () => {
    const snapshot = snapshotProcess();
    try {
      dispose();
    } finally {
      snapshot.restore();
    }
  };
}

async function loadFactory(threaded: boolean): Promise<Factory> {
  // CommonJS files: Node hands module.exports over as `default`; bundlers as `default` or the namespace itself.
  const imported: unknown = threaded
    ? await import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')
    : await import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js');
  const candidate = (imported as { default?: unknown }).default ?? imported;
  if (typeof candidate !== 'function') {
    throw new Error('@tensorflow/tfjs-backend-wasm/wasm-out did not export an Emscripten factory function.');
  }
  return candidate as Factory;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
