// The page: pick a backend, train the lesson's model on MNIST, then draw or pick a digit to predict.
// Importing a backend package only registers it; useBackend() loads the one chosen.
import '@strata/backend-webgl';
import '@strata/backend-wasm';
import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { toMnistInput } from './digit-input.js';
import { DrawPad, paint } from './draw-pad.js';
import { Trainer, type TrainOptions } from './trainer.js';

/** Best first: the default is the first of these that works here. */
const backendPreference = ['webgl', 'wasm', 'cpu'] as const;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = byId<HTMLFormElement>('train-form');
const backendSelect = byId<HTMLSelectElement>('backend');
const backendInfo = byId<HTMLParagraphElement>('backend-info');
const trainButton = byId<HTMLButtonElement>('train');
const stopButton = byId<HTMLButtonElement>('stop');
const progress = byId<HTMLProgressElement>('progress');
const status = byId<HTMLParagraphElement>('status');
const epochTable = byId<HTMLTableElement>('epoch-table');
const testAccuracy = byId<HTMLParagraphElement>('test-accuracy');
const predictHint = byId<HTMLParagraphElement>('predict-hint');
const randomDigitButton = byId<HTMLButtonElement>('random-digit');
const modelInput = byId<HTMLCanvasElement>('model-input');
const prediction = byId<HTMLParagraphElement>('prediction');
const probabilityList = byId<HTMLOListElement>('probabilities');

// The four IDX files sit next to the page (the vite plugin serves them in dev and copies them into the build).
const trainer = new Trainer(new URL('mnist/', document.baseURI));
const pad = new DrawPad(byId('pad'), () => void predictDrawing());
byId<HTMLButtonElement>('clear').addEventListener('click', clearPrediction);

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  status.textContent = text;
  status.classList.toggle('error', kind === 'error');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- backends ------------------------------------------------------------------------------------------------

async function showBackendInfo(): Promise<void> {
  const info = (await tf.listBackends()).find((b) => b.active);
  const details = Object.entries(info?.details ?? {})
    .filter(([key]) => !key.startsWith('kernels') && key !== 'wasmUrl')
    .map(([key, value]) => `${key}: ${String(value)}`);
  backendInfo.textContent = info
    ? `Using ${info.name}${details.length ? ` (${details.join(', ')})` : ''}.`
    : '';
}

async function chooseDefaultBackend(): Promise<void> {
  const list = await tf.listBackends({ check: true });
  for (const option of backendSelect.options) {
    if (list.find((b) => b.name === option.value)?.supported === false) {
      option.disabled = true;
      option.textContent = `${option.value} (not supported here)`;
    }
  }
  const backend = await tf.useBackend([...backendPreference]);
  backendSelect.value = backend;
  backendSelect.dataset.active = backend;
  await showBackendInfo();
}

backendSelect.addEventListener('change', async () => {
  const previous = backendSelect.dataset.active ?? '';
  const wanted = backendSelect.value;
  backendSelect.disabled = true;
  trainButton.disabled = true;
  setStatus(`Switching to ${wanted}…`);
  try {
    await tf.useBackend(wanted);
    backendSelect.dataset.active = wanted;
    setStatus(`Backend ${wanted} ready.`);
  } catch (error) {
    backendSelect.value = previous; // useBackend() left the previous backend active
    setStatus(`Cannot use ${wanted}: ${messageOf(error)}`, 'error');
  } finally {
    await showBackendInfo();
    backendSelect.disabled = false;
    trainButton.disabled = false;
  }
});

// ---- training ------------------------------------------------------------------------------------------------

function readTrainOptions(): TrainOptions {
  const value = (name: string) => Number((form.elements.namedItem(name) as HTMLInputElement).value);
  return { limit: value('limit'), epochs: value('epochs'), batchSize: value('batchSize') };
}

function addEpochRow(epoch: number, loss: number, accuracy: number, ms: number): void {
  const row = epochTable.tBodies[0]!.insertRow();
  for (const text of [
    String(epoch + 1),
    loss.toFixed(4),
    `${(accuracy * 100).toFixed(2)}%`,
    `${(ms / 1000).toFixed(1)} s`,
  ]) {
    row.insertCell().textContent = text;
  }
  epochTable.hidden = false;
}

function setTraining(training: boolean): void {
  trainButton.disabled = training;
  stopButton.disabled = !training;
  backendSelect.disabled = training;
  for (const input of form.querySelectorAll('input')) input.disabled = training;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!form.reportValidity() || trainer.isTraining) return;
  const options = readTrainOptions();
  setTraining(true);
  epochTable.tBodies[0]!.replaceChildren();
  epochTable.hidden = true;
  testAccuracy.hidden = true;
  progress.value = 0;
  let epochs = options.epochs;
  try {
    setStatus('Loading MNIST (55 MB)…');
    await trainer.loadData();
    setStatus(`Training on ${tf.currentBackend()}…`);
    const result = await trainer.train(options, {
      onEpochBegin: (epoch, total) => {
        epochs = total;
        setStatus(`Epoch ${epoch + 1}/${total} on ${tf.currentBackend()}…`);
      },
      onStep: (step, steps) => {
        const epoch = epochTable.tBodies[0]!.rows.length;
        progress.value = (epoch + step / steps) / epochs;
      },
      onEpochEnd: (epoch, logs, ms) => addEpochRow(epoch, logs.loss ?? NaN, logs.accuracy ?? NaN, ms),
    });
    progress.value = 1;
    const msPerStep = result.ms / Math.max(1, result.steps);
    setStatus(
      `${result.stopped ? 'Stopped in' : 'Trained'} ${result.epochsRun} epoch${result.epochsRun === 1 ? '' : 's'} ` +
        `on ${result.trainImages.toLocaleString('en-US')} images: ${result.steps.toLocaleString('en-US')} steps in ` +
        `${(result.ms / 1000).toFixed(1)} s (${msPerStep.toFixed(1)} ms/step on ${result.backend}).`,
    );
    testAccuracy.textContent =
      `Test accuracy: ${(result.testAccuracy * 100).toFixed(2)}% on ` +
      `${result.testImages.toLocaleString('en-US')} test images (loss ${result.testLoss.toFixed(4)})`;
    testAccuracy.dataset.accuracy = String(result.testAccuracy);
    testAccuracy.dataset.msPerStep = msPerStep.toFixed(2);
    testAccuracy.hidden = false;
    randomDigitButton.disabled = false;
    predictHint.textContent = 'Draw a digit on the black pad, or pick one from the test set.';
    await predictDrawing();
  } catch (error) {
    setStatus(`Training failed: ${messageOf(error)}`, 'error');
  } finally {
    setTraining(false);
  }
});

stopButton.addEventListener('click', () => {
  trainer.stop();
  setStatus('Stopping after this step…');
});

// ---- prediction ----------------------------------------------------------------------------------------------

function clearPrediction(): void {
  pad.clear();
  paint(modelInput, new Float32Array(784));
  prediction.textContent = '';
  delete prediction.dataset.digit;
  probabilityList.replaceChildren();
}

async function showPrediction(pixels: Float32Array, label?: number): Promise<void> {
  paint(modelInput, pixels);
  const probabilities = await trainer.predict(pixels);
  const digit = probabilities.indexOf(Math.max(...probabilities));
  const confidence = (probabilities[digit]! * 100).toFixed(1);
  prediction.textContent =
    `Prediction: ${digit} (${confidence}%)` +
    (label === undefined ? '' : label === digit ? ` · label ${label} ✓` : ` · label ${label} ✗`);
  prediction.dataset.digit = String(digit);
  probabilityList.replaceChildren(
    ...Array.from(probabilities, (p, d) => {
      const item = document.createElement('li');
      item.classList.toggle('top', d === digit);
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${Math.max(1, p * 110)}px`;
      item.append(String(d), bar, `${Math.round(p * 100)}%`);
      return item;
    }),
  );
}

async function predictDrawing(): Promise<void> {
  if (!trainer.model) return;
  const pixels = toMnistInput(pad.intensities(), pad.width, pad.height);
  if (pixels) await showPrediction(pixels);
}

randomDigitButton.addEventListener('click', async () => {
  const digit = await trainer.testDigit();
  pad.clear();
  pad.show(digit.pixels);
  await showPrediction(digit.pixels, digit.label);
});

// ---- start ---------------------------------------------------------------------------------------------------

try {
  await chooseDefaultBackend();
  backendSelect.disabled = false;
  trainButton.disabled = false;
  setStatus('Ready: choose a backend and press Train.');
} catch (error) {
  setStatus(`No backend could start: ${messageOf(error)}`, 'error');
}
