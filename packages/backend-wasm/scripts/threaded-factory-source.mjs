// The source text of tfjs-backend-wasm's threaded Emscripten factory, for the build-time constant
// __TFJS_WASM_THREADED_FACTORY__ (tsup.config.ts and vitest.config.ts `define`). See src/threaded-factory-source.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export function threadedFactorySource() {
  const require = createRequire(new URL('../package.json', import.meta.url));
  const file = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  return readFileSync(file, 'utf8');
}
