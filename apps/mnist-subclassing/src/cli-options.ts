import { parseArgs } from 'node:util';

/** What the command line asks for. */
export interface CliOptions {
  /** A backend name, or `undefined` for `useBackend()`'s default (STRATA_BACKEND, else the best registered). */
  backend: string | undefined;
  /** `--backend list`: print what `listBackends()` says and exit. */
  listBackends: boolean;
  epochs: number;
  batchSize: number;
  /** Use only the first `limit` images of each split. */
  limit: number | undefined;
  /** Directory to save the trained weights in. */
  save: string | undefined;
  help: boolean;
}

/**
 * Two epochs of batch 32 take about a minute on 2 cores (wasm) and reach ~97% test accuracy; the README has
 * the measurements.
 */
export const defaults = { epochs: 2, batchSize: 32 } as const;

export const usage = `Usage: pnpm start [-- options]   (or: tsx src/cli.ts [options])

Trains the lesson's subclassed MNIST model (Flatten, Dense 128 relu, Dense 10 softmax) with Adam on the real
MNIST (60,000 training images), then reports its accuracy on the 10,000 test images.

Options:
  --backend <name|list>  backend to train on: wasm, cpu (default: STRATA_BACKEND, else the best one here);
                         'list' prints every registered backend and exits
  --epochs <n>           passes over the training images (default: ${defaults.epochs})
  --batch-size <n>       images per training step (default: ${defaults.batchSize})
  --limit <n>            use only the first n images of each split (e.g. 1000 for a quick run)
  --save <dir>           save the trained weights in this directory
  -h, --help             print this help
`;

/** A command line that cannot run. The message says which flag is wrong and what would be right. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const flags = {
  backend: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  limit: { type: 'string' },
  save: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const flagList = Object.keys(flags)
  .map((name) => `--${name}`)
  .join(', ');

/** Parses `argv` (without node and the script). Throws a `UsageError` for anything it cannot use. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  // `pnpm start -- --epochs 3` may hand the `--` on; it separates nothing here.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values: ReturnType<typeof parseArgs<{ options: typeof flags }>>['values'];
  try {
    ({ values } = parseArgs({ args, options: flags, strict: true, allowPositionals: false }));
  } catch (cause) {
    throw new UsageError(explainParseError(cause as Error & { code?: string }, args));
  }
  const backend = values.backend;
  if (backend !== undefined && backend.trim() === '') {
    throw new UsageError(
      "--backend needs a name, e.g. --backend wasm or --backend cpu (or 'list' to see them all).",
    );
  }
  return {
    backend: backend === 'list' ? undefined : backend,
    listBackends: backend === 'list',
    epochs: positiveInt('--epochs', values.epochs, defaults.epochs, '--epochs 3'),
    batchSize: positiveInt('--batch-size', values['batch-size'], defaults.batchSize, '--batch-size 64'),
    limit: values.limit === undefined ? undefined : positiveInt('--limit', values.limit, 0, '--limit 1000'),
    save: values.save,
    help: values.help ?? false,
  };
}

function positiveInt(flag: string, text: string | undefined, fallback: number, example: string): number {
  if (text === undefined) return fallback;
  // Number('') is 0 and Number('1e3') is 1000: accept digits only, so a typo is never read as something else.
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} must be a positive whole number, got '${text}'. E.g. ${example}.`);
  }
  return Number(text);
}

function explainParseError(error: Error & { code?: string }, args: readonly string[]): string {
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const option = /'([^']+)'/.exec(error.message)?.[1] ?? 'an option';
      const meant = Object.keys(flags).find((name) => squash(name) === squash(option));
      const hint = meant ? ` Did you mean --${meant}?` : '';
      return `Unknown option '${option}'.${hint} Valid options: ${flagList}, -h.`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // Node's message names the flag: "Option '--epochs <value>' argument missing".
      const flag = /(--[a-z-]+)/.exec(error.message)?.[1];
      if (flag === '--help') return '--help takes no value.';
      return `${flag ?? 'An option'} needs a value, e.g. ${flag ?? '--epochs'} ${exampleValue(flag)}.`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const positional = args.find((a) => !a.startsWith('-')) ?? '';
      return `Unexpected argument '${positional}': every value follows its flag, e.g. --epochs 3. Valid options: ${flagList}.`;
    }
    default:
      return error.message;
  }
}

/** `--batch_size`, `--batchSize` and `--batch-size` all squash to `batchsize`. */
function squash(flag: string): string {
  return flag.replace(/^-+/, '').replace(/[-_]/g, '').toLowerCase();
}

function exampleValue(flag: string | undefined): string {
  if (flag === '--backend') return 'wasm';
  if (flag === '--save') return './weights';
  if (flag === '--limit') return '1000';
  if (flag === '--batch-size') return '64';
  return '3';
}
