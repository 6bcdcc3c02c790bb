import { describe, expect, test } from 'vitest';
import { defaults, parseCliOptions, UsageError } from './cli-options.js';

describe('parseCliOptions', () => {
  test('no flags: the defaults, and the default backend', () => {
    expect(parseCliOptions([])).toEqual({
      backend: undefined,
      listBackends: false,
      epochs: defaults.epochs,
      batchSize: defaults.batchSize,
      limit: undefined,
      save: undefined,
      help: false,
    });
  });

  test('every flag, with a space or an =, and the `--` pnpm may pass on', () => {
    expect(
      parseCliOptions([
        '--',
        '--backend',
        'cpu',
        '--epochs=3',
        '--batch-size',
        '64',
        '--limit',
        '1000',
        '--save',
        'out',
      ]),
    ).toMatchObject({ backend: 'cpu', epochs: 3, batchSize: 64, limit: 1000, save: 'out' });
    expect(parseCliOptions(['--backend', 'list'])).toMatchObject({ backend: undefined, listBackends: true });
    expect(parseCliOptions(['-h']).help).toBe(true);
  });

  test.each([
    [['--epochs', '0'], /--epochs must be a positive whole number, got '0'\. E\.g\. --epochs 3/],
    [['--epochs', 'two'], /--epochs must be a positive whole number, got 'two'/],
    [
      ['--batch-size', '1.5'],
      /--batch-size must be a positive whole number, got '1\.5'\. E\.g\. --batch-size 64/,
    ],
    [['--limit', '1e3'], /--limit must be a positive whole number, got '1e3'\. E\.g\. --limit 1000/],
    [['--limit', '-5'], /--limit needs a value, e\.g\. --limit 1000/],
    [['--epochs'], /--epochs needs a value, e\.g\. --epochs 3/],
    [['--backend'], /--backend needs a value, e\.g\. --backend wasm/],
    [['--backend', ''], /--backend needs a name, e\.g\. --backend wasm/],
    [['--batch_size', '64'], /Unknown option '--batch_size'\. Did you mean --batch-size\?/],
    [
      ['--lr', '0.1'],
      /Unknown option '--lr'\. Valid options: --backend, --epochs, --batch-size, --limit, --save, --help/,
    ],
    [['5'], /Unexpected argument '5': every value follows its flag, e\.g\. --epochs 3/],
    [['--help=yes'], /--help takes no value/],
  ])('%j is refused with a message that says how to fix it', (argv, message) => {
    expect(() => parseCliOptions(argv)).toThrow(UsageError);
    expect(() => parseCliOptions(argv)).toThrow(message);
  });
});
