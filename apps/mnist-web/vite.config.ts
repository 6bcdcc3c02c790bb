import { defineConfig } from 'vite';
import { mnistData } from './mnist-data-plugin.js';

// Cross-origin isolation gives the page SharedArrayBuffer, which the wasm backend's thread pool needs.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset URLs: the build works from any folder of a static host.
  base: './',
  // No index.html fallback: a missing file must be a 404, not a page that loadMnist() would try to parse.
  appType: 'mpa',
  plugins: [mnistData()],
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
