import { nodeImport } from './runtime.js';

type ProcessEvent = 'uncaughtException' | 'unhandledRejection';
const events: ProcessEvent[] = ['uncaughtException', 'unhandledRejection'];
type Listener = (...args: unknown[]) => void;
// Typed as a plain emitter: @types/node's overloads take one event name at a time.
const emitter = (): NodeJS.EventEmitter => process;

/**
 * Emscripten's Node glue changes the process it starts in: it sets `globalThis.Worker` (threaded build) and adds
 * `uncaughtException`/`unhandledRejection` listeners that rethrow. tfjs-backend-wasm's dispose() then removes
 * *every* listener of those events, the user's included. This snapshot lets us undo all of that, so loading and
 * disposing the backend leaves the process as it was.
 */
export function snapshotProcess(): { restore(): void } {
  const worker = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  const listeners = events.map((event) => [event, emitter().listeners(event) as Listener[]] as const);
  return {
    restore() {
      if (worker) Object.defineProperty(globalThis, 'Worker', worker);
      else delete (globalThis as { Worker?: unknown }).Worker;
      for (const [event, before] of listeners) {
        const now = emitter().listeners(event) as Listener[];
        for (const listener of now) if (!before.includes(listener)) emitter().removeListener(event, listener);
        for (const listener of before) if (!now.includes(listener)) emitter().on(event, listener);
      }
    },
  };
}

/** Absolute path of our pthread worker script (worker/pthread-worker.cjs), from src/ or dist/ alike. */
export async function pthreadWorkerPath(): Promise<string> {
  const { fileURLToPath } = await nodeImport<typeof import('node:url')>('node:url');
  // A variable, not a literal: bundlers would otherwise copy this Node-only file into browser builds.
  const relative = '../worker/pthread-worker.cjs';
  return fileURLToPath(new URL(relative, import.meta.url));
}

/** Path of a binary inside the installed @tensorflow/tfjs-backend-wasm. */
export async function installedWasmPath(file: string): Promise<string> {
  const { createRequire } = await nodeImport<typeof import('node:module')>('node:module');
  return createRequire(import.meta.url).resolve(`@tensorflow/tfjs-backend-wasm/dist/${file}`);
}
