'use strict';
// The pthread worker for tfjs-backend-wasm's threaded build, as a real file for Node's worker_threads.
// tfjs-backend-wasm only ships this script as a string and starts workers from `blob:` URLs, which Node rejects
// (tfjs issue #3830). @strata/backend-wasm points Emscripten's locateFile() here instead.
const {
  wasmWorkerContents,
} = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');

// The string came from a template literal, so its "\n" escapes are real newlines now, which would end the
// string literals inside it early; tfjs-backend-wasm re-escapes them the same way before making its blob.
const source = wasmWorkerContents.replace(/\n/g, '\\n');
// Runs with this file's require and __filename, as if the script were this file (Emscripten's Node path uses both).
new Function('require', '__filename', source)(require, __filename);
