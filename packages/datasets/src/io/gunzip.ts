import { LoadError } from '@strata/core';
import { importNode, isNode } from './runtime.js';

/** True when `bytes` starts with the gzip magic number (0x1f 0x8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip data: with node:zlib under Node (native and synchronous, so a 10 MB file costs one call),
 * with the standard `DecompressionStream` elsewhere. `name` names the file in errors.
 */
export async function gunzip(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  return isNode() ? gunzipWithZlib(bytes, name) : gunzipWithStreams(bytes, name);
}

/** @internal node:zlib path; exported for tests. */
export async function gunzipWithZlib(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const zlib = await importNode<typeof import('node:zlib')>('node:zlib');
  try {
    const out = zlib.gunzipSync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (cause) {
    throw gzipError(name, cause);
  }
}

/** @internal DecompressionStream path (browsers, workers, Deno); exported so Node tests can run it too. */
export async function gunzipWithStreams(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') {
    throw new LoadError(
      `Cannot decompress '${name}': this runtime has no DecompressionStream. ` +
        'Decompress the file first (gunzip), or use a runtime that supports the Compression Streams API.',
    );
  }
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (cause) {
    throw gzipError(name, cause);
  }
}

function gzipError(name: string, cause: unknown): LoadError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new LoadError(
    `'${name}' is not valid gzip data (${reason}). The file is probably truncated or corrupt: download it again.`,
    { cause },
  );
}
