import { isNode, nodeImport } from './runtime.js';

/** The bytes of a `.wasm` file: from disk in Node (a path or `file:` URL), otherwise with fetch(). */
export async function readBinary(location: string): Promise<Uint8Array<ArrayBuffer>> {
  if (isNode && !/^(https?|blob|data):/.test(location)) {
    const { readFile } = await nodeImport<typeof import('node:fs/promises')>('node:fs/promises');
    const bytes = await readFile(location.startsWith('file:') ? new URL(location) : location);
    return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  }
  const response = await fetch(location, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}
