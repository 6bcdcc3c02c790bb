// Test helpers: small files in the real formats, written to a temporary directory, and a static HTTP server.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../idx/encode-idx.js';

/** A fresh temporary directory; `cleanup()` removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-datasets-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Pixel value of image `i` at (y, x) in the fixtures: distinct per image and position, within 0..255. */
export const fixturePixel = (i: number, y: number, x: number) => (i * 31 + y * 7 + x) % 256;

/** Writes the four MNIST-layout files (28×28 images, labels `i % 10`), plain or gzip-compressed. */
export function writeMnistLike(
  dir: string,
  options: { train: number; test: number; gzip?: boolean; size?: number },
) {
  const size = options.size ?? 28;
  const write = (name: string, bytes: Uint8Array) => {
    if (options.gzip) writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes));
    else writeFileSync(join(dir, name), bytes);
  };
  for (const [prefix, count] of [
    ['train', options.train],
    ['t10k', options.test],
  ] as const) {
    const pixels = new Uint8Array(count * size * size);
    for (let i = 0; i < count; i++)
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) pixels[(i * size + y) * size + x] = fixturePixel(i, y, x);
    write(
      `${prefix}-images-idx3-ubyte`,
      encodeIdx({ dtype: 'uint8', shape: [count, size, size], values: pixels }),
    );
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
    write(`${prefix}-labels-idx1-ubyte`, encodeIdx({ dtype: 'uint8', shape: [count], values: labels }));
  }
}

/**
 * One CIFAR-10 binary record: label, then the red, green and blue planes. Channel c of pixel (y, x) of record r
 * is `(r + 3 * c + y + x) % 256`, so the test can check the CHW → HWC reordering.
 */
export function cifarRecords(
  count: number,
  label: (r: number) => number = (r) => r % 10,
  first = 0,
): Uint8Array {
  const out = new Uint8Array(count * 3073);
  for (let r = 0; r < count; r++) {
    out[r * 3073] = label(first + r);
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < 32; y++)
        for (let x = 0; x < 32; x++)
          out[r * 3073 + 1 + c * 1024 + y * 32 + x] = cifarPixel(first + r, y, x, c);
  }
  return out;
}

export const cifarPixel = (r: number, y: number, x: number, c: number) => (r + 3 * c + y + x) % 256;

/** Serves `dir` over HTTP on a free port (404 for missing files); `close()` stops it. */
export async function serveDirectory(
  dir: string,
): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const { readFile } = await import('node:fs/promises');
  const requests: string[] = [];
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push(path);
    try {
      const body = await readFile(join(dir, path));
      const type = path.endsWith('.html')
        ? 'text/html'
        : path.endsWith('.js')
          ? 'text/javascript'
          : 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'access-control-allow-origin': '*' });
      response.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
