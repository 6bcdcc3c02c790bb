// Copies tfjs-backend-wasm's three binaries into this package's wasm/ folder, where the browser build finds them
// with new URL('../wasm/<file>', import.meta.url) (see src/wasm-files.ts). Copied, not committed, so they always
// match the installed @tensorflow/tfjs-backend-wasm. Run by the build (tsup onSuccess) and by the browser tests
// (vitest globalSetup).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const files = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

export function copyWasm() {
  const require = createRequire(join(packageDir, 'package.json'));
  const target = join(packageDir, 'wasm');
  mkdirSync(target, { recursive: true });
  for (const file of files) {
    const source = require.resolve(`@tensorflow/tfjs-backend-wasm/dist/${file}`);
    const destination = join(target, file);
    if (existsSync(destination) && readFileSync(destination).equals(readFileSync(source))) continue;
    copyFileSync(source, destination);
  }
}

export default function setup() {
  copyWasm();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) copyWasm();
