import '@strata/backend-cpu';
import { writeFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@strata/core';
import { StrataError } from '@strata/core';
import { Dense } from '@strata/layers';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { Sequential } from '../sequential.js';
import type { FileHandle, FileSystem } from './node-directory.js';
import { loadWeights, saveWeights } from './save-weights.js';
import { expectNoLeak, filesIn, readJson, rejection, removeDir, tempDir } from './saving.test-helpers.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

function model(): Sequential {
  return new Sequential([new Dense({ units: 4, inputShape: [3] }), new Dense({ units: 2 })]);
}

async function values(m: Sequential): Promise<number[][]> {
  return Promise.all(m.weights.map(async (w) => Array.from(await w.data())));
}

/** node:fs/promises, except that the operations `failOn` picks throw like a full disk would. */
function failingFs(failOn: (op: string, path: string) => boolean): FileSystem {
  const real = fsPromises as unknown as FileSystem;
  const fail = (op: string, path: string) => {
    if (failOn(op, path))
      throw Object.assign(new Error(`ENOSPC: no space left on device, ${op} '${path}'`), { code: 'ENOSPC' });
  };
  return {
    ...real,
    open: async (path, flags) => {
      const handle = await real.open(path, flags);
      return {
        writeFile: async (data: Uint8Array | string) => {
          // Part of the data reaches the disk before the failure, as in a real interrupted write.
          await handle.writeFile(typeof data === 'string' ? data.slice(0, 10) : data.subarray(0, 10));
          fail('write', path);
          await handle.writeFile(typeof data === 'string' ? data.slice(10) : data.subarray(10));
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      } satisfies FileHandle;
    },
    rename: async (from, to) => {
      fail('rename', to);
      await real.rename(from, to);
    },
  };
}

describe('atomic saves to a directory', () => {
  test('a second save replaces the first and removes its shards', async () => {
    const m = model();
    await saveWeights(m, dir);
    const first = filesIn(dir);
    m.setWeights(m.weights.map((w) => tf.onesLike(w)));
    await saveWeights(m, dir);
    const second = filesIn(dir);
    expect(second).toHaveLength(2);
    expect(second.find((f) => f.endsWith('.bin'))).not.toBe(first.find((f) => f.endsWith('.bin')));
    const copy = model();
    await loadWeights(copy, dir);
    expect(await values(copy)).toEqual(await values(m));
    m.dispose();
    copy.dispose();
  });

  for (const [what, failOn] of [
    [
      'writing the second of three shards',
      (op: string, path: string) => op === 'write' && /shard2of3/.test(path),
    ],
    [
      'writing the new weights.json',
      (op: string, path: string) => op === 'write' && path.endsWith('.json.tmp'),
    ],
    ['renaming the new weights.json into place', (op: string) => op === 'rename'],
  ] as const) {
    test(`a failure while ${what} leaves the previous save intact and no temporary files`, async () => {
      const m = model();
      await saveWeights(m, dir);
      const savedValues = await values(m);
      const filesBefore = filesIn(dir);
      m.setWeights(m.weights.map((w) => tf.onesLike(w)));

      const fileSystem = failingFs(failOn);
      // 40-byte shards: the 26 floats (104 bytes) take three.
      const error = await rejection(
        expectNoLeak(() => saveWeights(m, join(dir, 'weights.json'), { fileSystem, shardBytes: 40 })),
      );
      expect(StrataError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/Saving to '.*weights\.json' failed: ENOSPC: no space left on device/);
      expect(error.message).toMatch(/Nothing was changed there: the previous save \(if any\) is intact/);
      expect(filesIn(dir)).toEqual(filesBefore);

      const copy = model();
      await loadWeights(copy, dir);
      expect(await values(copy)).toEqual(savedValues);
      m.dispose();
      copy.dispose();
    });
  }

  test('the first save failing leaves no files at all', async () => {
    const m = model();
    const target = join(dir, 'ckpt');
    await expect(saveWeights(m, target, { fileSystem: failingFs((op) => op === 'write') })).rejects.toThrow(
      /Saving to .* failed/,
    );
    expect(filesIn(target)).toEqual([]);
    m.dispose();
  });

  test('files left by a crashed save (never renamed into place) are removed by the next save', async () => {
    const m = model();
    writeFileSync(join(dir, 'weights.0badc0de.shard1of1.bin'), 'partial');
    writeFileSync(join(dir, '.weights.0badc0de.json.tmp'), '{"partial"');
    writeFileSync(join(dir, 'notes.txt'), 'the user’s own file');
    await saveWeights(m, dir);
    expect(filesIn(dir).filter((f) => !/^weights\.[0-9a-f]{8}\.shard1of1\.bin$/.test(f))).toEqual([
      'notes.txt',
      'weights.json',
    ]);
    expect(filesIn(dir)).toHaveLength(3);
    m.dispose();
  });
});

describe('locations', () => {
  test('large weights are split into shards; the manifest lists them in order and they load back', async () => {
    const m = model();
    await saveWeights(m, dir, { shardBytes: 16 });
    const json = readJson(join(dir, 'weights.json'));
    expect(json.weightsManifest[0].paths).toHaveLength(7); // 26 floats, 104 bytes, in 16-byte shards
    expect(json.weightsManifest[0].paths[6]).toMatch(/\.shard7of7\.bin$/);
    const copy = model();
    await loadWeights(copy, dir);
    expect(await values(copy)).toEqual(await values(m));
    m.dispose();
    copy.dispose();
  });

  test('a .json file path, file:// URLs, and a directory created on demand', async () => {
    const m = model();
    await saveWeights(m, join(dir, 'a', 'b', 'run1.json'));
    expect(filesIn(join(dir, 'a', 'b'))).toEqual(
      expect.arrayContaining(['run1.json', expect.stringMatching(/^run1\.[0-9a-f]{8}\.shard1of1\.bin$/)]),
    );
    await saveWeights(m, `file://${join(dir, 'c')}`);
    expect(filesIn(join(dir, 'c'))).toContain('weights.json');
    const copy = model();
    await loadWeights(copy, join(dir, 'a', 'b', 'run1.json'));
    await loadWeights(copy, `file://${join(dir, 'c')}`);
    expect(await values(copy)).toEqual(await values(m));
    m.dispose();
    copy.dispose();
  });

  test('unusable targets say what works instead', async () => {
    const m = model();
    await expect(saveWeights(m, 'indexeddb://my-model')).rejects.toThrow(
      /indexeddb:\/\/ works only in a browser\. In Node use a directory path/,
    );
    await expect(saveWeights(m, 'ftp://host/model')).rejects.toThrow(
      /no tf\.io handler knows the scheme 'ftp:\/\/'/,
    );
    await expect(saveWeights(m, '')).rejects.toThrow(/expected a path .* got an empty string/);
    await expect(loadWeights(m, { save: async () => ({ modelArtifactsInfo: {} as never }) })).rejects.toThrow(
      /Cannot load from the IOHandler: the IOHandler has no load\(\) method/,
    );
    writeFileSync(join(dir, 'weights.json'), '{ not json');
    await expect(loadWeights(m, dir)).rejects.toThrow(/weights\.json' is not valid JSON/);
    writeFileSync(
      join(dir, 'weights.json'),
      JSON.stringify({ weightsManifest: [{ paths: ['gone.bin'], weights: [] }] }),
    );
    await expect(loadWeights(m, dir)).rejects.toThrow(
      /lists the weight file 'gone\.bin', which cannot be read \(ENOENT\)\. Keep the \.bin files next to the JSON/,
    );
    m.dispose();
  });
});
