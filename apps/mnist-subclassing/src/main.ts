import { mkdir } from 'node:fs/promises';
import '@strata/backend-cpu';
import '@strata/backend-wasm';
import * as tf from '@strata/core';
import { loadMnist } from '@strata/datasets';
import { ProgbarLogger, type ProgressWriter } from '@strata/models';
import { type CliOptions, parseCliOptions, UsageError, usage } from './cli-options.js';
import { MnistModel } from './mnist-model.js';
import { StepTimer } from './step-timer.js';

/** Where the program writes: the terminal by default, a recorder in tests. */
export interface Io {
  /** Progress and results. A TTY gets a live progress bar; anything else one line per epoch. */
  out: ProgressWriter;
  /** Error messages. */
  err: { write(text: string): unknown };
}

const processIo: Io = { out: process.stdout, err: process.stderr };

/** Exit codes: 0 done, 1 the run failed, 2 the command line was wrong (the message says how to fix it). */
export type ExitCode = 0 | 1 | 2;

/**
 * The whole program: parses `argv` (without node and the script), picks the backend, trains the lesson's model on
 * MNIST and reports. Returns the exit code instead of exiting, so tests can run it in-process.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<ExitCode> {
  const print = (line = '') => io.out.write(`${line}\n`);
  let options: CliOptions;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err.write(`error: ${error.message}\nRun with --help to see every option.\n`);
    return 2;
  }
  if (options.help) {
    io.out.write(usage);
    return 0;
  }
  if (options.listBackends) {
    print(formatBackendList(await tf.listBackends({ check: true })));
    return 0;
  }

  if (options.save !== undefined) {
    // Checked before training, not after a minute of it.
    try {
      await mkdir(options.save, { recursive: true });
    } catch (error) {
      io.err.write(
        `error: --save '${options.save}' cannot be used: ${(error as Error).message}. ` +
          'Pass a directory you can write to, e.g. --save ./weights.\n',
      );
      return 2;
    }
  }
  if (options.backend !== undefined && tf.getBackendPlugin(options.backend) === undefined) {
    const names = (await tf.listBackends()).map((b) => b.name);
    io.err.write(
      `error: --backend '${options.backend}' is not a backend this program has. Choose one of: ${names.join(', ')} ` +
        `(e.g. --backend ${names.at(-1) ?? 'cpu'}), or --backend list for details.\n`,
    );
    return 2;
  }
  let backend: string;
  try {
    backend = await tf.useBackend(options.backend);
  } catch (error) {
    // A backend that cannot load here, or a bad STRATA_BACKEND: the message names the backend and the cause.
    if (!tf.StrataError.isInstance(error)) throw error;
    io.err.write(`error: ${error.message}\nRun with --backend list to see the backends registered here.\n`);
    return 1;
  }
  const info = (await tf.listBackends()).find((b) => b.name === backend);
  print(`Backend: ${backend} (${howChosen(options)})`);
  if (info) print(formatBackendInfo(info));

  try {
    return await train(options, print, io);
  } catch (error) {
    if (!tf.StrataError.isInstance(error)) throw error;
    io.err.write(`error: ${error.message}\n`);
    return 1;
  }
}

async function train(options: CliOptions, print: (line?: string) => void, io: Io): Promise<ExitCode> {
  const loadStart = performance.now();
  using mnist = await loadMnist(options.limit === undefined ? {} : { limit: options.limit });
  const trainCount = mnist.train.images.shape[0]!;
  const testCount = mnist.test.images.shape[0]!;
  print(
    `MNIST: ${count(trainCount)} training and ${count(testCount)} test images of 28×28, loaded in ` +
      `${seconds(performance.now() - loadStart)}`,
  );
  print();

  using model = new MnistModel();
  model.build([null, 28, 28]);
  model.summary({ printFn: print });
  print();

  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const timer = new StepTimer();
  await model.fit(mnist.train.images, mnist.train.labels, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    // Our own progress logger, so the output goes to `io.out`; verbose 0 stops fit() from adding a second one.
    verbose: 0,
    callbacks: [timer, new ProgbarLogger({ verbose: 1, writer: io.out })],
  });

  // Evaluation batches only change the speed, not the result: 1,000 images per step is ~10x fewer steps.
  const [loss, accuracy] = (await model.evaluate(mnist.test.images, mnist.test.labels, {
    batchSize: 1000,
    verbose: 0,
  })) as number[];
  print();
  print(
    `Test accuracy: ${(accuracy! * 100).toFixed(2)}% (loss ${loss!.toFixed(4)}) on ${count(testCount)} test images`,
  );
  print(
    `Training: ${options.epochs} epoch${options.epochs === 1 ? '' : 's'}, ${count(timer.steps)} steps of ` +
      `${options.batchSize} in ${seconds(timer.ms)}: ${timer.msPerStep.toFixed(2)} ms/step on ${tf.currentBackend()}`,
  );

  if (options.save !== undefined) {
    await model.saveWeights(options.save);
    print(`Weights saved to ${options.save}`);
  }
  return 0;
}

function howChosen(options: CliOptions): string {
  if (options.backend !== undefined) return 'from --backend';
  const fromEnv = process.env.STRATA_BACKEND;
  if (fromEnv) return `from STRATA_BACKEND=${fromEnv}`;
  return 'the highest-priority backend supported here; --backend cpu picks another';
}

/** What `listBackends()` says about one backend, e.g. `listBackends(): priority 2, supported, active` + details. */
export function formatBackendInfo(info: tf.BackendInfo): string {
  const state = [
    `priority ${info.priority}`,
    info.supported === false ? 'not supported' : info.supported ? 'supported' : 'support not checked',
    info.loaded ? 'loaded' : 'not loaded',
    info.active ? 'active' : 'inactive',
  ];
  const lines = [`  listBackends(): ${state.join(', ')}`];
  for (const [key, value] of Object.entries(info.details ?? {})) {
    lines.push(`    ${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`);
  }
  return lines.join('\n');
}

/** `--backend list`: every registered backend, highest priority first, and the one `useBackend()` would take. */
export function formatBackendList(list: tf.BackendInfo[]): string {
  const rows = list.map((b) => [
    b.name,
    String(b.priority),
    b.supported === undefined ? '?' : b.supported ? 'yes' : 'no',
    b.loaded ? 'yes' : 'no',
  ]);
  const header = ['backend', 'priority', 'supported', 'loaded'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  const best = list.find((b) => b.supported !== false);
  return [
    'Backends registered here (highest priority first):',
    line(header),
    ...rows.map(line),
    best
      ? `Without --backend (and STRATA_BACKEND unset) the run uses: ${best.name}`
      : 'No backend is supported here.',
  ].join('\n');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
