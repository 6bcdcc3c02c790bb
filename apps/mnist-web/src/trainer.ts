import * as tf from '@strata/core';
import { Dataset, loadMnist, type Source } from '@strata/datasets';
import { LambdaCallback, type Logs } from '@strata/models';
import { MnistModel } from './mnist-model.js';

export interface TrainOptions {
  /** Train on the first `limit` of the 60,000 training images. */
  limit: number;
  epochs: number;
  batchSize: number;
}

/** What the page hears while a model trains. */
export interface TrainEvents {
  onEpochBegin?(epoch: number, epochs: number): void;
  /** Before each step: `step` of `steps` in this epoch (0-based). */
  onStep?(step: number, steps: number): void;
  onEpochEnd?(epoch: number, logs: Logs, ms: number): void;
}

export interface TrainResult {
  backend: string;
  trainImages: number;
  epochsRun: number;
  steps: number;
  ms: number;
  testLoss: number;
  testAccuracy: number;
  testImages: number;
  stopped: boolean;
}

/** One digit of the test set: 784 pixels in [0, 1] and its label. */
export interface TestDigit {
  index: number;
  pixels: Float32Array;
  label: number;
}

/** MNIST in host memory: pipelines for training and testing, and the test digits' pixels to show. */
interface Data {
  train: Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
  test: Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
  testPixels: Float32Array;
  testLabels: Int32Array;
}

/**
 * The page's model and data, without the DOM: loads MNIST once from `source`, trains a fresh `MnistModel` per
 * `train()` on the active backend, and predicts. Everything it allocates is freed by the next `train()` or
 * `dispose()`.
 */
export class Trainer {
  model: MnistModel | undefined;
  private data: Promise<Data> | undefined;
  private training: MnistModel | undefined;
  private stopRequested = false;

  constructor(private readonly source: Source) {}

  /**
   * Loads the whole of MNIST once. Training and testing go through datasets that hold the pixels in host memory and
   * upload one batch at a time: on webgl the 188 MB of training images never become one texture.
   */
  loadData(): Promise<Data> {
    this.data ??= loadMnist({ source: this.source }).then(
      async (mnist) => {
        // The datasets copy what they need to the host, so the tensors can go at once.
        using _ = mnist;
        return {
          train: Dataset.fromTensors({ xs: mnist.train.images, ys: mnist.train.labels }),
          test: Dataset.fromTensors({ xs: mnist.test.images, ys: mnist.test.labels }),
          testPixels: (await mnist.test.images.data()) as Float32Array,
          testLabels: (await mnist.test.labels.data()) as Int32Array,
        };
      },
      (error: unknown) => {
        this.data = undefined; // let the next call retry
        throw error;
      },
    );
    return this.data;
  }

  get isTraining(): boolean {
    return this.training !== undefined;
  }

  async train(options: TrainOptions, events: TrainEvents = {}): Promise<TrainResult> {
    if (this.training) throw new Error('A model is training already: stop it first.');
    const data = await this.loadData();
    const model = new MnistModel();
    this.training = model;
    this.stopRequested = false;
    const count = Math.min(options.limit, data.train.size!);
    // `take` and `shuffle` before `batch` only reorder row indices: each batch is one copy of its rows.
    const batches = data.train.take(count).shuffle(count).batch(options.batchSize);
    let epochsRun = 0;
    let steps = 0;
    let epochStart = 0;
    const start = performance.now();
    try {
      model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
      await model.fit(batches, {
        epochs: options.epochs,
        verbose: 0,
        callbacks: [
          // onBatchBegin, not onBatchEnd: an onBatchEnd hook makes fit() read the batch's loss from the device
          // every step, which stalls webgl. Per-epoch logs are read once an epoch anyway.
          new LambdaCallback({
            onEpochBegin: (epoch) => {
              epochStart = performance.now();
              events.onEpochBegin?.(epoch, options.epochs);
            },
            onBatchBegin: (step) => {
              steps++;
              events.onStep?.(step, Math.ceil(count / options.batchSize));
            },
            onEpochEnd: (epoch, logs) => {
              epochsRun++;
              events.onEpochEnd?.(epoch, logs ?? {}, performance.now() - epochStart);
            },
          }),
        ],
      });
      const ms = performance.now() - start;
      const [testLoss, testAccuracy] = (await model.evaluate(data.test.batch(500), {
        verbose: 0,
      })) as number[];
      this.model?.dispose();
      this.model = model;
      return {
        backend: tf.currentBackend() ?? '?',
        trainImages: count,
        epochsRun,
        steps,
        ms,
        testLoss: testLoss!,
        testAccuracy: testAccuracy!,
        testImages: data.test.size!,
        stopped: this.stopRequested,
      };
    } catch (error) {
      model.dispose();
      throw error;
    } finally {
      this.training = undefined;
    }
  }

  /** Ends training after the current step (the epoch's logs and the test accuracy are still reported). */
  stop(): void {
    if (!this.training) return;
    this.stopRequested = true;
    this.training.stopTraining = true;
  }

  /** The trained model's probabilities for one 28×28 image (784 values in [0, 1]). */
  async predict(pixels: Float32Array): Promise<Float32Array> {
    const model = this.model;
    if (!model) throw new Error('Train the model first.');
    const probabilities = tf.tidy(() => model.predict(tf.tensor3d(pixels, [1, 28, 28])) as tf.Tensor);
    try {
      return (await probabilities.data()) as Float32Array;
    } finally {
      probabilities.dispose();
    }
  }

  /** A random digit of the test set (or digit `index`). */
  async testDigit(index?: number): Promise<TestDigit> {
    const { testPixels, testLabels } = await this.loadData();
    const i = index ?? Math.floor(Math.random() * testLabels.length);
    return { index: i, pixels: testPixels.slice(i * 784, (i + 1) * 784), label: testLabels[i]! };
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
    void this.data?.then((d) => {
      d.train.dispose();
      d.test.dispose();
    });
    this.data = undefined;
  }
}
