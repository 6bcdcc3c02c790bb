// `pnpm start [--backend trace:cpu|trace:wasm|trace] [--steps N]`: profiles a small training run per kernel.
import '@strata/backend-cpu';
import '@strata/backend-wasm';
import * as tf from '@strata/core';
import { backendFromArgs } from './backend-from-args.js';
import { getTraceLog, registerTraceBackends } from './trace-backend.js';
import { trainConvNet } from './workload.js';

registerTraceBackends(['cpu', 'wasm']);

const args = process.argv.slice(2);
const stepsIndex = args.indexOf('--steps');
const steps = stepsIndex >= 0 ? Number(args[stepsIndex + 1]) : 10;
const backend = await tf.useBackend(backendFromArgs(args) ?? process.env.STRATA_BACKEND ?? 'trace:cpu');
const log = getTraceLog(backend);
if (!log) {
  console.error(`'${backend}' is not a trace backend: run with --backend trace:cpu, trace:wasm or trace.`);
  process.exit(1);
}

const { losses, ms } = await trainConvNet(steps);
const entries = log.entries();
console.log(
  `Backend ${backend} (base ${String(tf.getBackendPlugin(backend)?.describe?.().base)}): ${steps} Adam steps of a ` +
    `small conv net in ${ms.toFixed(0)} ms; loss ${losses[0]!.toFixed(4)} -> ${losses.at(-1)!.toFixed(4)}; ` +
    `${entries.length} kernels, ${log.calls} calls.\n`,
);
console.log(log.format());
