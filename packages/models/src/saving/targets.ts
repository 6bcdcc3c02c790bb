import * as tf from '@strata/core';
import { InvalidArgumentError, LoadError, StrataError } from '@strata/core';
import { directoryHandler, type FileSystem, isNode } from './node-directory.js';

/**
 * Where to save or load:
 * - a path (Node): a directory (`'ckpt/epoch-3'`) or a `.json` file in one; `file://` paths too;
 * - a tf.io URL: `'indexeddb://name'`, `'localstorage://name'`, `'downloads://name'` (browser),
 *   `'http(s)://...'` (load; save POSTs the files);
 * - any `tf.io.IOHandler`, e.g. `tf.io.withSaveHandler(...)`, `tf.io.fromMemory(...)`, `tf.io.browserFiles(...)`.
 */
export type SaveTarget = string | tf.io.IOHandler;

/** Options every save/load takes. */
export interface FileOptions {
  /** The file system for paths in Node. Default: `node:fs/promises`. */
  fileSystem?: FileSystem;
  /** Bytes per `.bin` shard when saving to a path. Default: 4 MiB (4194304), as the tfjs converter writes. */
  shardBytes?: number;
}

export interface ResolvedHandler {
  handler: tf.io.IOHandler;
  /** How messages name the target: `'ckpt/weights.json'`, `'indexeddb://model'`, `'the IOHandler'`. */
  where: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const BROWSER_SCHEMES = new Set(['indexeddb', 'localstorage', 'downloads']);

/** The IOHandler for saving to `target`; `fileName` is the JSON file a directory gets. */
export function saveHandler(
  target: SaveTarget,
  fileName: string,
  options: FileOptions = {},
): ResolvedHandler {
  const resolved = resolve(target, [fileName], 'save', options);
  if (typeof resolved.handler.save !== 'function') {
    throw new InvalidArgumentError(`Cannot save to ${resolved.where}: the IOHandler has no save() method.`);
  }
  return resolved;
}

/** The IOHandler for loading from `source`; a directory is searched for `fileNames` in order. */
export function loadHandler(
  source: SaveTarget,
  fileNames: string[],
  options: FileOptions = {},
): ResolvedHandler {
  const resolved = resolve(source, fileNames, 'load', options);
  if (typeof resolved.handler.load !== 'function') {
    throw new InvalidArgumentError(`Cannot load from ${resolved.where}: the IOHandler has no load() method.`);
  }
  return resolved;
}

function resolve(
  target: SaveTarget,
  fileNames: string[],
  action: 'save' | 'load',
  options: FileOptions,
): ResolvedHandler {
  if (typeof target === 'object' && target !== null) {
    if (typeof target.save === 'function' || typeof target.load === 'function') {
      return { handler: target, where: 'the IOHandler' };
    }
  }
  if (typeof target !== 'string' || target === '') {
    throw new InvalidArgumentError(
      `${action}: expected a path ('ckpt/model'), a tf.io URL ('indexeddb://model') or a tf.io.IOHandler, got ` +
        `${target === '' ? 'an empty string' : typeof target}.`,
    );
  }
  const scheme = SCHEME.exec(target)?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === 'file') {
    const path = scheme === 'file' ? decodeURIComponent(target.slice('file://'.length)) : target;
    if (!isNode()) {
      throw new InvalidArgumentError(
        `Cannot ${action} '${target}': file paths work in Node only. In the browser use 'indexeddb://name', ` +
          "'localstorage://name', 'downloads://name' (save), an http(s) URL (load) or a tf.io.IOHandler.",
      );
    }
    const handlerOptions = {
      fileNames,
      ...(options.fileSystem && { fileSystem: options.fileSystem }),
      ...(options.shardBytes !== undefined && { shardBytes: options.shardBytes }),
    };
    return { handler: directoryHandler(path, handlerOptions), where: `'${path}'` };
  }
  const handlers = action === 'save' ? tf.io.getSaveHandlers(target) : tf.io.getLoadHandlers(target);
  if (handlers.length === 0) {
    const browserOnly = BROWSER_SCHEMES.has(scheme) && isNode();
    throw new InvalidArgumentError(
      browserOnly
        ? `Cannot ${action} '${target}': ${scheme}:// works only in a browser. In Node use a directory path ` +
            "such as 'models/my-model'."
        : `Cannot ${action} '${target}': no tf.io handler knows the scheme '${scheme}://'. Use a path (Node), ` +
            "'indexeddb://', 'localstorage://', 'downloads://', http(s):// or pass a tf.io.IOHandler.",
    );
  }
  if (handlers.length > 1) {
    throw new InvalidArgumentError(
      `Cannot ${action} '${target}': ${handlers.length} tf.io handlers claim it. Pass the IOHandler you mean instead.`,
    );
  }
  return { handler: handlers[0]!, where: `'${target}'` };
}

/** Runs the handler's load(), turning its errors into a LoadError that names the source. */
export async function loadArtifacts({ handler, where }: ResolvedHandler): Promise<tf.io.ModelArtifacts> {
  try {
    return await handler.load!();
  } catch (error) {
    if (StrataError.isInstance(error)) throw error;
    throw new LoadError(`Cannot load from ${where}: ${(error as Error).message}`);
  }
}

/** Runs the handler's save(), turning its errors into a StrataError that names the target. */
export async function saveArtifacts(
  { handler, where }: ResolvedHandler,
  artifacts: tf.io.ModelArtifacts,
): Promise<tf.io.SaveResult> {
  try {
    return await handler.save!(artifacts);
  } catch (error) {
    if (StrataError.isInstance(error)) throw error;
    throw new StrataError(`Saving to ${where} failed: ${(error as Error).message}`);
  }
}
