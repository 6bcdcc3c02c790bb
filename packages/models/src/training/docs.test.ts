// Runs every ```ts example of docs/training.md as a module, so the documentation cannot drift from the code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@strata/core';
import { afterAll, expect, test, vi } from 'vitest';

const docPath = fileURLToPath(new URL('../../docs/training.md', import.meta.url));
const examples = [...readFileSync(docPath, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = mkdtempSync(join(tmpdir(), 'strata-training-docs-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('docs/training.md has examples', () => {
  expect(examples.length).toBeGreaterThanOrEqual(7);
});

test.each(
  examples.map((code, i) => [
    i + 1,
    code.split('\n').find((l) => l.startsWith('const') || l.startsWith('class')) ?? '',
    code,
  ]),
)(
  'example %i runs and leaks no tensor (%s)',
  async (index, _title, code) => {
    const file = join(dir, `example-${index}.ts`);
    writeFileSync(file, code as string);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const before = tf.engine().backendName === undefined ? 0 : tf.memory().numTensors;
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      log.mockRestore();
    }
    expect(tf.memory().numTensors).toBe(before);
  },
  60_000,
);
