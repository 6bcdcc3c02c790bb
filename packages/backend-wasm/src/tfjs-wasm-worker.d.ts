// tfjs-backend-wasm ships its pthread worker script as a string in a CommonJS file without types.
declare module '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js' {
  export const wasmWorkerContents: string;
}
