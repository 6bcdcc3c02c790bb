import { LoadError } from '@strata/core';
import { importNode, isNode } from './runtime.js';

/** Where a loader reads from: a file path (Node), a URL string, or a `URL`. */
export type Source = string | URL;

const urlPattern = /^[a-z][a-z0-9+.-]*:/i;
// A Windows drive letter (C:\data) also matches the URL pattern; it is a path.
const windowsDrive = /^[a-z]:[\\/]/i;

function isUrl(source: Source): boolean {
  return source instanceof URL || (urlPattern.test(source) && !windowsDrive.test(source));
}

/** `base` + '/' + `file`, for paths and URLs alike. A URL's query string (e.g. a signed token) is kept. */
export function joinSource(base: Source, file: string): Source {
  if (base instanceof URL || isUrl(base)) {
    const url = new URL(String(base));
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    const joined = new URL(file, url);
    joined.search = url.search;
    return joined;
  }
  const dir = base.replace(/[\\/]+$/, '');
  return dir === '' ? file : `${dir}/${file}`;
}

/**
 * Reads a whole file. Under Node, paths and `file:` URLs go through node:fs and other URLs through `fetch`;
 * elsewhere everything goes through `fetch` (relative paths resolve against the page). Returns `null` when the
 * file does not exist (ENOENT or HTTP 404), so callers can try another name; other failures throw a LoadError.
 */
export async function readSource(source: Source, what: string): Promise<Uint8Array | null> {
  const text = String(source);
  if (isNode() && (!isUrl(source) || text.startsWith('file:'))) {
    const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
    const path = text.startsWith('file:') ? new URL(text) : text;
    try {
      const buffer = await fs.readFile(path);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (cause) {
      const code = (cause as { code?: string }).code;
      if (code === 'ENOENT') return null;
      throw new LoadError(`Cannot read ${what} from '${text}': ${(cause as Error).message}.`, { cause });
    }
  }
  let response: Response;
  try {
    response = await fetch(text);
  } catch (cause) {
    throw new LoadError(
      `Cannot fetch ${what} from '${text}': ${(cause as Error).message}. Check the URL and that the server ` +
        'allows this origin (CORS).',
      { cause },
    );
  }
  if (response.status === 404) return null;
  if (!response.ok) {
    throw new LoadError(
      `Cannot fetch ${what} from '${text}': HTTP ${response.status} ${response.statusText}.`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Reads the first of `names` that exists under `base` (e.g. a file and then its `.gz`). Throws a LoadError
 * naming every location tried when none exists.
 */
export async function readFirst(
  base: Source,
  names: readonly string[],
  what: string,
  fix: string,
): Promise<{ bytes: Uint8Array; location: string }> {
  for (const name of names) {
    const location = joinSource(base, name);
    const bytes = await readSource(location, what);
    if (bytes) return { bytes, location: String(location) };
  }
  throw new LoadError(
    `Cannot find ${what}: none of ${names.map((n) => `'${n}'`).join(', ')} exists in '${String(base)}'. ${fix}`,
  );
}
