import { type BackendPlugin, registerBackend, removeBackend } from '@strata/core';
import { startModule, type WasmModule } from './emscripten.js';
import { registerWasmKernels } from './kernels/index.js';
import { type LoadPlan, planLoad } from './load-plan.js';
import { pthreadWorkerPath } from './node-process.js';
import { markOptionsUsed, releaseOptions, takeOptions } from './options.js';
import { readBinary } from './read-binary.js';
import { hasWebAssembly, isNode } from './runtime.js';

interface Loaded {
  plan: LoadPlan;
  kernels: { added: string[]; replaced: string[] };
  module: WasmModule;
  /** Threads in XNNPACK's pool, read back from the module once the backend has started. */
  threads?: number;
}

let loaded: Loaded | undefined;

/**
 * The WebAssembly backend (tfjs-backend-wasm with XNNPACK): SIMD where the runtime has it, a thread pool in Node
 * and in cross-origin-isolated pages, and the kernels training needs that tfjs-backend-wasm lacks.
 */
export const plugin: BackendPlugin = {
  name: 'wasm',
  priority: 2,
  isSupported: () => hasWebAssembly(),
  load: async () => {
    try {
      const plan = await planLoad(takeOptions());
      const bytes = await readWasm(plan);
      const worker = plan.threads > 1 ? await workerUrl() : undefined;
      const module = await startModule({
        threaded: plan.threads > 1,
        bytes,
        wasmUrl: plan.wasmUrl,
        threads: plan.threads,
        ...(worker ? { workerUrl: worker } : {}),
      }).finally(() => {
        // The workers have been created by now, and a Worker keeps its script once constructed.
        if (worker?.startsWith('blob:')) URL.revokeObjectURL(worker);
      });
      // Imported lazily: registering a plugin must stay cheap. The import registers tfjs's kernels for 'wasm'.
      const { BackendWasm } = await import('@tensorflow/tfjs-backend-wasm');
      const state: Loaded = { plan, module, kernels: registerWasmKernels() };
      // The import also registered tfjs's own factory, whose init() cannot start threads in Node; use ours.
      removeBackend('wasm');
      registerBackend(
        'wasm',
        () => {
          const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
          state.threads = module.tfjs.getThreadsCount();
          // Each pool thread's Worker is ref()'d while it runs, which would keep Node from ever exiting.
          if (isNode) for (const worker of module.PThread?.runningWorkers ?? []) worker.unref?.();
          return backend;
        },
        2,
      );
      loaded = state;
      markOptionsUsed();
    } catch (error) {
      releaseOptions(); // let the user fix the options (e.g. paths) and try again
      throw error;
    }
  },
  describe: () => {
    if (!loaded) return {};
    const { plan, kernels } = loaded;
    const details: Record<string, unknown> = {
      runtime: plan.runtime,
      simd: plan.simd,
      threads: loaded.threads ?? plan.threads,
      binary: plan.binary,
      wasmUrl: plan.wasmUrl,
      kernelsAdded: kernels.added,
      kernelsReplaced: kernels.replaced,
    };
    if (plan.threadsNote) details.threadsNote = `single-threaded: ${plan.threadsNote}`;
    return details;
  },
};

async function readWasm(plan: LoadPlan): Promise<Uint8Array<ArrayBuffer>> {
  let problem: string;
  let cause: unknown;
  try {
    const bytes = await readBinary(plan.wasmUrl);
    // "\0asm": a dev server's SPA fallback answers a wrong path with 200 and an HTML page.
    if (bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d) return bytes;
    problem = 'not a wasm file; the server sent something else, such as an HTML page';
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
    cause = error;
  }
  const where = plan.runtime === 'node' ? 'a path or URL' : 'a URL this page can fetch';
  throw new Error(
    `could not read ${plan.binary} from ${plan.wasmUrl} (${problem}). Serve the files of ` +
      `@tensorflow/tfjs-backend-wasm/dist/ and call configureWasm({ paths }) with ${where} before ` +
      `useBackend('wasm'), e.g. configureWasm({ paths: '/wasm/' }).`,
    { cause },
  );
}

// Node: a real script file (worker_threads cannot start blob: URLs). Browsers: a blob: URL of the same script.
async function workerUrl(): Promise<string> {
  if (isNode) return pthreadWorkerPath();
  const { wasmWorkerContents } = (await import(
    '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js'
  )) as { wasmWorkerContents: string };
  // See worker/pthread-worker.cjs for why the newlines are re-escaped.
  const blob = new Blob([wasmWorkerContents.replace(/\n/g, '\\n')], { type: 'application/javascript' });
  return URL.createObjectURL(blob);
}
