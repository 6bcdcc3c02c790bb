import { gzipSync } from 'node:zlib';
import { LoadError, StrataError } from '@strata/core';
import { describe, expect, test } from 'vitest';
import { gunzipWithStreams, gunzipWithZlib } from '../io/gunzip.js';
import { encodeIdx } from './encode-idx.js';
import { parseIdx, readIdx } from './read-idx.js';

// Written by hand from the IDX specification: magic 0x00000803 (uint8, 3 dims), dims 2×2×3, 12 pixels.
const handMade = new Uint8Array([
  0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255,
]);

describe('readIdx', () => {
  test('reads a hand-written uint8 file: shape, dtype, values', async () => {
    const idx = await readIdx(handMade);
    expect(idx.dtype).toBe('uint8');
    expect(idx.shape).toEqual([2, 2, 3]);
    expect([...idx.values]).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  test('decodes big-endian multi-byte values', async () => {
    // int32 [2]: 0x00000102 = 258 and 0xfffffffe = -2.
    const int32 = new Uint8Array([0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 1, 2, 0xff, 0xff, 0xff, 0xfe]);
    expect([...(await readIdx(int32)).values]).toEqual([258, -2]);
    // float32 [1]: 0x3fc00000 = 1.5.
    const float32 = new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0]);
    expect([...(await readIdx(float32)).values]).toEqual([1.5]);
  });

  test.each([
    ['uint8', [0, 7, 255]],
    ['int8', [-128, 0, 127]],
    ['int16', [-32768, 1, 32767]],
    ['int32', [-(2 ** 31), 5, 2 ** 31 - 1]],
    ['float32', [-1.5, 0, 3.25]],
    ['float64', [Math.PI, -Number.MAX_VALUE, 1e-300]],
  ] as const)('%s values survive encodeIdx → readIdx', async (dtype, values) => {
    const idx = await readIdx(encodeIdx({ dtype, shape: [3], values }));
    expect(idx.dtype).toBe(dtype);
    expect([...idx.values]).toEqual(values);
  });

  test('gzip-compressed files are read through node:zlib and through DecompressionStream alike', async () => {
    const gz = new Uint8Array(gzipSync(handMade));
    expect((await readIdx(gz)).shape).toEqual([2, 2, 3]);
    expect(await gunzipWithZlib(gz, 'x.gz')).toEqual(handMade);
    expect(await gunzipWithStreams(gz, 'x.gz')).toEqual(handMade);
    expect([
      ...(await readIdx(gz.buffer.slice(gz.byteOffset, gz.byteOffset + gz.byteLength))).values,
    ]).toHaveLength(12);
  });
});

describe('readIdx errors name the file and the problem', () => {
  const name = 'train-images-idx3-ubyte';

  test('truncated data: expected N bytes, got M', async () => {
    const cut = handMade.subarray(0, 20);
    await expect(readIdx(cut, { name })).rejects.toThrow(
      "IDX file 'train-images-idx3-ubyte' is truncated: expected 28 bytes (a 16-byte header and 2×2×3 uint8 values), got 20. Download the file again.",
    );
    await expect(readIdx(handMade.subarray(0, 10), { name })).rejects.toThrow(
      /truncated: expected at least 16 bytes \(a header with 3 dimensions\), got 10/,
    );
    await expect(readIdx(handMade.subarray(0, 2), { name })).rejects.toThrow(
      /truncated: expected at least 4 bytes/,
    );
  });

  test('bad magic numbers, with a guess at what the file is', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html>Not Found</html>');
    await expect(readIdx(html, { name })).rejects.toThrow(
      /bad magic number 0x3c21444f \(the file looks like HTML/,
    );
    const zip = new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]);
    await expect(readIdx(zip, { name })).rejects.toThrow(/looks like a zip archive: extract it first/);
    const badType = handMade.slice();
    badType[2] = 0x07;
    await expect(readIdx(badType, { name })).rejects.toThrow(
      /unknown type code 0x07 \(valid: 0x08 uint8, 0x09 int8/,
    );
    const noDims = new Uint8Array([0, 0, 8, 0]);
    await expect(readIdx(noDims, { name })).rejects.toThrow(/declares 0 dimensions/);
  });

  test('extra bytes and absurd dimensions', async () => {
    const longer = new Uint8Array([...handMade, 1, 2]);
    await expect(readIdx(longer, { name })).rejects.toThrow(
      /longer than its header says: expected 28 bytes.*got 30/,
    );
    const huge = new Uint8Array([0, 0, 8, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    await expect(readIdx(huge, { name })).rejects.toThrow(/too large to be real/);
  });

  test('truncated or corrupt gzip', async () => {
    const gz = new Uint8Array(gzipSync(handMade));
    const cut = gz.subarray(0, gz.length - 12);
    await expect(readIdx(cut, { name: 'x.gz' })).rejects.toThrow(
      /'x\.gz' is not valid gzip data \(.*\)\. .*download it again/,
    );
    await expect(gunzipWithStreams(cut, 'x.gz')).rejects.toThrow(/'x\.gz' is not valid gzip data/);
    const error = await readIdx(cut, { name: 'x.gz' }).catch((e) => e);
    expect(StrataError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(LoadError);
  });

  test('parseIdx defaults the name', () => {
    expect(() => parseIdx(new Uint8Array([1, 2, 3, 4]))).toThrow(
      /IDX file 'IDX data' has a bad magic number/,
    );
  });
});

describe('encodeIdx', () => {
  test('writes the header by hand-checked layout and rejects inconsistent input', () => {
    expect(
      encodeIdx({
        dtype: 'uint8',
        shape: [2, 2, 3],
        values: [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255],
      }),
    ).toEqual(handMade);
    expect(() => encodeIdx({ dtype: 'uint8', shape: [2, 2], values: [1, 2, 3] })).toThrow(
      /holds 4 values but 3/,
    );
    expect(() => encodeIdx({ dtype: 'uint16' as never, shape: [1], values: [1] })).toThrow(
      /unknown dtype 'uint16'/,
    );
  });
});
