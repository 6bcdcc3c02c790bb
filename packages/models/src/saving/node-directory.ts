import * as tf from '@strata/core';
import { InvalidArgumentError, LoadError, StrataError } from '@strata/core';

/** The file operations saving uses in Node. Default: `node:fs/promises`; pass another for tests or a virtual fs. */
export interface FileSystem {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  open(path: string, flags: string): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
  readFile(path: string): Promise<Uint8Array>;
  readdir(path: string): Promise<string[]>;
}

export interface FileHandle {
  writeFile(data: Uint8Array | string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface DirectoryOptions {
  /** The JSON file to write, and the ones to look for (in order) when the location is a directory. */
  fileNames: string[];
  fileSystem?: FileSystem;
  /** Bytes per `.bin` shard. Default: 4 MiB, as the tfjs converter writes (browsers cache files of that size). */
  shardBytes?: number;
}

const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

/** Whether this runs in Node (plain paths are directories there). */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * A tf.io IOHandler over a directory (or a `.json` file in one) in Node.
 *
 * Saving is atomic: the `.bin` shards are written under new names (`weights.<id>.shard1of1.bin`), then the JSON is
 * written to a temporary file and renamed over the old one, the one step that switches saves (a rename within a
 * directory is atomic). Until then the previous JSON and the shards it lists are untouched; if anything fails, the
 * new files are removed. After the switch, the shards of the previous save are deleted.
 */
export function directoryHandler(location: string, options: DirectoryOptions): tf.io.IOHandler {
  return {
    save: (artifacts) => saveToDirectory(location, artifacts, options),
    load: () => loadFromDirectory(location, options),
  };
}

// Node built-ins are imported on use and named through variables, so bundlers making browser builds (webpack, Vite,
// esbuild) leave them alone instead of failing to resolve `node:` modules.
const NODE_PATH = 'node:path';
const NODE_FS = 'node:fs/promises';

async function nodeModules(options: DirectoryOptions) {
  const path = (await import(
    /* webpackIgnore: true */ /* @vite-ignore */ NODE_PATH
  )) as typeof import('node:path');
  const fs =
    options.fileSystem ??
    ((await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_FS)) as FileSystem);
  return { fs, path };
}

function locate(path: typeof import('node:path'), location: string, fileName: string) {
  const jsonPath = location.endsWith('.json') ? location : path.join(location, fileName);
  return { jsonPath, dir: path.dirname(jsonPath), stem: path.basename(jsonPath, '.json') };
}

async function saveToDirectory(
  location: string,
  artifacts: tf.io.ModelArtifacts,
  options: DirectoryOptions,
): Promise<tf.io.SaveResult> {
  const { fs, path } = await nodeModules(options);
  const { jsonPath, dir, stem } = locate(path, location, options.fileNames[0]!);
  const id = Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  const data = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0)));
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  if (!(Number.isInteger(shardBytes) && shardBytes > 0)) {
    throw new InvalidArgumentError(
      `shardBytes must be a positive integer (bytes per .bin file), got ${shardBytes}.`,
    );
  }
  const count = Math.ceil(data.byteLength / shardBytes);
  const shardNames = Array.from({ length: count }, (_, i) => `${stem}.${id}.shard${i + 1}of${count}.bin`);
  const written: string[] = [];
  let previous: string[] = [];
  try {
    await fs.mkdir(dir, { recursive: true });
    previous = await manifestPaths(fs, jsonPath);
    for (const [i, name] of shardNames.entries()) {
      const file = path.join(dir, name);
      written.push(file);
      await writeDurably(fs, file, data.subarray(i * shardBytes, (i + 1) * shardBytes));
    }
    const temporary = path.join(dir, `.${stem}.${id}.json.tmp`);
    written.push(temporary);
    await writeDurably(fs, temporary, JSON.stringify(modelJson(artifacts, shardNames)));
    await fs.rename(temporary, jsonPath);
  } catch (error) {
    await Promise.all(written.map((file) => fs.rm(file, { force: true }).catch(() => {})));
    throw new StrataError(
      `Saving to '${jsonPath}' failed: ${(error as Error).message}. Nothing was changed there: the previous save ` +
        '(if any) is intact and the partly written files were removed. Check that the directory is writable and ' +
        'the disk has room, then save again.',
    );
  }
  await syncDirectory(fs, dir);
  // The new save is in place: remove the previous save's shards and any left by a save that crashed.
  const keep = new Set(shardNames);
  const ours = new RegExp(`^\\.?${escapeRegExp(stem)}\\.[0-9a-f]{8}\\.(shard\\d+of\\d+\\.bin|json\\.tmp)$`);
  const stale = new Set(previous.filter((p) => !p.includes('/') && !p.includes('\\') && p.endsWith('.bin')));
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) if (ours.test(name)) stale.add(name);
  await Promise.all(
    [...stale]
      .filter((name) => !keep.has(name))
      .map((name) => fs.rm(path.join(dir, name), { force: true }).catch(() => {})),
  );
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

/** The model.json form of artifacts (tfjs's `ModelJSON`), with one weights group in `paths`. */
function modelJson(artifacts: tf.io.ModelArtifacts, paths: string[]): Record<string, unknown> {
  const json: Record<string, unknown> = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology,
  };
  if (artifacts.trainingConfig != null) json.trainingConfig = artifacts.trainingConfig;
  json.weightsManifest = [{ paths, weights: artifacts.weightSpecs ?? [] }];
  if (artifacts.userDefinedMetadata != null) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  return json;
}

async function writeDurably(fs: FileSystem, file: string, data: Uint8Array | string): Promise<void> {
  // 'wx': never write into an existing file (the names are new; this also guards against a clash).
  const handle = await fs.open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Makes the rename itself durable on Linux; not every platform or fs can open a directory, hence best effort.
async function syncDirectory(fs: FileSystem, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {}
}

async function manifestPaths(fs: FileSystem, jsonPath: string): Promise<string[]> {
  try {
    const json = JSON.parse(new TextDecoder().decode(await fs.readFile(jsonPath)));
    const groups = Array.isArray(json?.weightsManifest) ? json.weightsManifest : [];
    return groups.flatMap((g: { paths?: unknown }) => (Array.isArray(g.paths) ? g.paths.map(String) : []));
  } catch {
    return [];
  }
}

async function loadFromDirectory(location: string, options: DirectoryOptions): Promise<tf.io.ModelArtifacts> {
  const { fs, path } = await nodeModules(options);
  const candidates = location.endsWith('.json')
    ? [location]
    : options.fileNames.map((name) => path.join(location, name));
  let jsonPath: string | undefined;
  let bytes: Uint8Array | undefined;
  for (const candidate of candidates) {
    try {
      bytes = await fs.readFile(candidate);
      jsonPath = candidate;
      break;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT' && (error as { code?: string }).code !== 'ENOTDIR') {
        throw new LoadError(`Cannot read '${candidate}': ${(error as Error).message}.`);
      }
    }
  }
  if (jsonPath === undefined || bytes === undefined) {
    throw new LoadError(
      `Nothing to load at '${location}': ${candidates.map((c) => `'${c}'`).join(' and ')} ` +
        `${candidates.length > 1 ? 'do' : 'does'} not exist. Check the path (save with model.saveWeights(path) ` +
        'or model.save(path) first).',
    );
  }
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new LoadError(
      `'${jsonPath}' is not valid JSON (${(error as Error).message}); it is not a file written by saving a model.`,
    );
  }
  const dir = path.dirname(jsonPath);
  const groups = Array.isArray(json.weightsManifest) ? json.weightsManifest : [];
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of groups) {
    weightSpecs.push(...(group.weights ?? []));
    for (const shard of group.paths ?? []) {
      try {
        buffers.push(await fs.readFile(path.join(dir, shard)));
      } catch (error) {
        throw new LoadError(
          `'${jsonPath}' lists the weight file '${shard}', which cannot be read ` +
            `(${(error as { code?: string }).code ?? (error as Error).message}). Keep the .bin files next to the ` +
            'JSON file they belong to, or save again.',
        );
      }
    }
  }
  const artifacts = tf.io.getModelArtifactsForJSONSync(json, weightSpecs, concatenate(buffers));
  return artifacts;
}

function concatenate(buffers: Uint8Array[]): ArrayBuffer {
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
