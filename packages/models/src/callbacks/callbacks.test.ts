import '@strata/backend-cpu';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@strata/core';
import { useBackend } from '@strata/core';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import {
  Callback,
  CallbackList,
  CSVLogger,
  EarlyStopping,
  formatFilepath,
  History,
  LambdaCallback,
  LearningRateScheduler,
  type Logs,
  ModelCheckpoint,
  ProgbarLogger,
  ReduceLROnPlateau,
  TerminateOnNaN,
} from './index.js';
import { FakeModel, simulateFit } from './test-helpers.js';

beforeAll(async () => {
  await useBackend('cpu');
});

const losses = (values: number[], key = 'val_loss'): Logs[] => values.map((v) => ({ loss: v, [key]: v }));

describe('History and CallbackList', () => {
  test('History records every epoch log', async () => {
    const history = new History();
    await simulateFit(
      new FakeModel(),
      [history],
      [
        { loss: 1, acc: 0.5 },
        { loss: 0.5, acc: 0.75 },
      ],
    );
    expect(history.epoch).toEqual([0, 1]);
    expect(history.history).toEqual({ loss: [1, 0.5], acc: [0.5, 0.75] });
  });

  test('runs callbacks in order, awaiting async hooks; adds History and ProgbarLogger on request', async () => {
    const calls: string[] = [];
    const slow = new LambdaCallback({
      onEpochBegin: async (epoch) => {
        await new Promise((r) => setTimeout(r, 5));
        calls.push(`slow begin ${epoch}`);
      },
      onBatchEnd: (batch, logs) => {
        calls.push(`batch ${batch} loss ${logs?.loss}`);
      },
    });
    const fast = new LambdaCallback({ onEpochBegin: (epoch) => void calls.push(`fast begin ${epoch}`) });
    await simulateFit(new FakeModel(), [slow, fast], [{ loss: 1 }], { steps: 1 });
    expect(calls).toEqual(['slow begin 0', 'fast begin 0', 'batch 0 loss 1']);
    const list = new CallbackList([slow], { addHistory: true, addProgbar: true });
    expect(list.callbacks).toHaveLength(3);
    expect(list.history).toBeInstanceOf(History);
    expect(list.progbar).toBeInstanceOf(ProgbarLogger);
  });

  test('a callback without a model says how to give it one', () => {
    class NeedsModel extends Callback {}
    expect(() => new NeedsModel().model).toThrow(/NeedsModel has no model.*setModel\(model\)/);
  });
});

describe('EarlyStopping', () => {
  test('stops once patience runs out and restores the best weights', async () => {
    const model = new FakeModel();
    const stop = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    // Best at epoch 1; epochs 2 and 3 do not improve → stop after epoch 3.
    const ran = await simulateFit(model, [stop], losses([1, 0.8, 0.9, 0.85, 0.7, 0.6]));
    expect(ran).toBe(4);
    expect(stop.stoppedEpoch).toBe(3);
    expect(stop.bestEpoch).toBe(1);
    expect(model.weightValue()).toBe(1); // the weights saved at the end of epoch 1
  });

  test('restoring leaves no copies behind', async () => {
    const model = new FakeModel();
    const before = tf.memory().numTensors;
    await simulateFit(
      model,
      [new EarlyStopping({ patience: 1, restoreBestWeights: true })],
      losses([1, 2, 3]),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  test('minDelta, mode max (auto for accuracy), baseline, startFromEpoch', async () => {
    // Improvements smaller than minDelta do not count: stops after epoch 2.
    const delta = new EarlyStopping({ monitor: 'loss', minDelta: 0.1, patience: 1 });
    expect(await simulateFit(new FakeModel(), [delta], losses([1, 0.95, 0.92, 0.5]))).toBe(2);
    // Accuracy is maximised.
    const acc = new EarlyStopping({ monitor: 'val_accuracy', patience: 1 });
    expect(acc.mode).toBe('max');
    const accLogs = [0.5, 0.6, 0.55, 0.7].map((v) => ({ val_accuracy: v }));
    expect(await simulateFit(new FakeModel(), [acc], accLogs)).toBe(3);
    // Improvements that do not beat the baseline do not reset the wait: the first flat epoch after `patience`
    // epochs stops training (without a baseline, all four epochs run).
    const base = new EarlyStopping({ monitor: 'loss', baseline: 0.5, patience: 2 });
    expect(await simulateFit(new FakeModel(), [base], losses([1, 0.9, 0.95, 0.4]))).toBe(3);
    const noBase = new EarlyStopping({ monitor: 'loss', patience: 2 });
    expect(await simulateFit(new FakeModel(), [noBase], losses([1, 0.9, 0.95, 0.4]))).toBe(4);
    // Nothing is watched before startFromEpoch.
    const late = new EarlyStopping({ monitor: 'loss', patience: 0, startFromEpoch: 2 });
    expect(await simulateFit(new FakeModel(), [late], losses([1, 2, 3, 4, 5]))).toBe(4);
  });

  test('unknown monitors need a mode; a missing key warns and changes nothing', async () => {
    expect(() => new EarlyStopping({ monitor: 'my_score' })).toThrow(/Pass mode: 'max'.*or mode: 'min'/);
    expect(new EarlyStopping({ monitor: 'my_score', mode: 'max' }).mode).toBe('max');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stop = new EarlyStopping({ patience: 0 });
    expect(await simulateFit(new FakeModel(), [stop], [{ loss: 1 }, { loss: 2 }, { loss: 3 }])).toBe(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/'val_loss', which is not in the logs \(available: loss\)/);
    warn.mockRestore();
  });

  test('verbose messages', async () => {
    const lines: string[] = [];
    const stop = new EarlyStopping({
      patience: 1,
      restoreBestWeights: true,
      verbose: 1,
      log: (m) => lines.push(m),
    });
    await simulateFit(new FakeModel(), [stop], losses([1, 2, 3]));
    expect(lines).toEqual([
      'Epoch 2: early stopping',
      'Restoring model weights from the end of the best epoch: 1.',
    ]);
  });
});

describe('ReduceLROnPlateau and LearningRateScheduler', () => {
  test('reduces the learning rate after `patience` flat epochs, honours cooldown and minLr', async () => {
    const model = new FakeModel();
    const history = new History();
    const reduce = new ReduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1, minLr: 0.02 });
    await simulateFit(model, [reduce, history], losses([1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]));
    // Keras's trace (logs hold the rate used during the epoch): epochs 2, 3 flat → 0.05 after epoch 3; epoch 4
    // ends the 1-epoch cooldown and counts as flat again, so epoch 5 reduces to 0.025; epoch 7 would give
    // 0.0125 but minLr holds it at 0.02.
    expect(history.history.learning_rate).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02]);
    expect(model.optimizer.learningRate).toBeCloseTo(0.02, 12);
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(/factor=1.*\[0, 1\)/);
  });

  test('LearningRateScheduler sets schedule(epoch, lr) each epoch and logs it', async () => {
    const model = new FakeModel();
    const history = new History();
    const scheduler = new LearningRateScheduler((epoch, lr) => (epoch < 1 ? lr : lr / 2));
    await simulateFit(model, [scheduler, history], [{ loss: 1 }, { loss: 1 }, { loss: 1 }]);
    expect(history.history.learning_rate).toEqual([0.1, 0.05, 0.025]);
    const bad = new LearningRateScheduler(() => Number.NaN);
    await expect(simulateFit(new FakeModel(), [bad], [{ loss: 1 }])).rejects.toThrow(
      /returned NaN for epoch 0/,
    );
    const noOptimizer = new FakeModel();
    (noOptimizer as { optimizer?: unknown }).optimizer = undefined;
    await expect(simulateFit(noOptimizer, [scheduler], [{ loss: 1 }])).rejects.toThrow(
      /model 'fake_model' has no optimizer.*compile/,
    );
  });
});

describe('TerminateOnNaN', () => {
  test('stops at the first batch whose loss is NaN or infinite', async () => {
    const lines: string[] = [];
    const model = new FakeModel();
    const seen: number[] = [];
    const ran = await simulateFit(
      model,
      [
        new TerminateOnNaN({ log: (m) => lines.push(m) }),
        new LambdaCallback({ onBatchEnd: (b) => void seen.push(b) }),
      ],
      [{ loss: 1 }, { loss: 1 }],
      { steps: 4, batchLogs: (_, batch) => ({ loss: batch === 1 ? Number.NaN : 1 }) },
    );
    expect(model.stopTraining).toBe(true);
    expect(seen).toEqual([0, 1]);
    expect(ran).toBe(1);
    expect(lines).toEqual(['Batch 1: Invalid loss, terminating training']);
  });
});

describe('ModelCheckpoint', () => {
  test('formats Python-style paths', () => {
    const logs = { epoch: 3, val_loss: 0.41234, acc: 0.9 };
    expect(formatFilepath('ckpt-{epoch:02d}-{val_loss:.2f}', logs)).toBe('ckpt-03-0.41');
    expect(formatFilepath('{epoch}/{val_loss}/{acc:.1%}/{{x}}', logs)).toBe('3/0.41234/90.0%/{x}');
    expect(formatFilepath('{val_loss:.3e}|{epoch:4d}|{acc:g}', logs)).toBe('4.123e-01|   3|0.9');
    expect(() => formatFilepath('m-{val_acc}', logs)).toThrow(
      /uses \{val_acc\}.*Available: epoch, val_loss, acc/,
    );
  });

  test('saves every epoch, or only improvements with saveBestOnly', async () => {
    const model = new FakeModel();
    await simulateFit(
      model,
      [new ModelCheckpoint({ filepath: 'ckpt/{epoch:02d}', saveWeightsOnly: true })],
      losses([3, 2]),
    );
    expect(model.saves).toEqual(['weights ckpt/01', 'weights ckpt/02']);
    const best = new FakeModel();
    const lines: string[] = [];
    const checkpoint = new ModelCheckpoint({
      filepath: 'best-{epoch}-{val_loss:.1f}.keras',
      saveBestOnly: true,
      verbose: 1,
      log: (m) => lines.push(m),
    });
    await simulateFit(best, [checkpoint], losses([0.5, 0.7, 0.4]));
    expect(best.saves).toEqual(['model best-1-0.5.keras', 'model best-3-0.4.keras']);
    expect(lines[0]).toBe('Epoch 1: val_loss improved from inf to 0.50000, saving model to best-1-0.5.keras');
    expect(lines[1]).toBe('Epoch 2: val_loss did not improve from 0.50000');
  });

  test('saveFreq in batches; a model without save() needs saveWeightsOnly', async () => {
    const model = new FakeModel();
    await simulateFit(
      model,
      [new ModelCheckpoint({ filepath: 'e{epoch}-b{batch}', saveFreq: 3, saveWeightsOnly: true })],
      [{ loss: 1 }, { loss: 1 }],
      { steps: 4 },
    );
    expect(model.saves).toEqual(['weights e1-b3', 'weights e2-b2']);
    const noSave = new FakeModel();
    (noSave as { save?: unknown }).save = undefined;
    await expect(
      simulateFit(noSave, [new ModelCheckpoint({ filepath: 'm' })], [{ loss: 1 }]),
    ).rejects.toThrow(/model 'fake_model' has no save\(\). Pass saveWeightsOnly: true/);
  });
});

describe('CSVLogger', () => {
  test('writes a header and one row per epoch; append adds rows only', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'strata-csv-')), 'log.csv');
    const logs: Logs[] = [
      { loss: 0.5, accuracy: 0.75 },
      { loss: 0.25, accuracy: 0.875, val_loss: 0.3 },
    ];
    await simulateFit(new FakeModel(), [new CSVLogger(file)], logs);
    expect(readFileSync(file, 'utf8')).toBe(
      'epoch,accuracy,loss,val_accuracy,val_loss\n0,0.75,0.5,NA,NA\n1,0.875,0.25,NA,0.3\n',
    );
    await simulateFit(
      new FakeModel(),
      [new CSVLogger(file, { append: true })],
      [{ loss: 0.125, accuracy: 1 }],
    );
    expect(readFileSync(file, 'utf8').split('\n').slice(-2)).toEqual(['0,1,0.125,NA,NA', '']);
    await simulateFit(new FakeModel(), [new CSVLogger(file, { separator: ';' })], [{ loss: 2 }]);
    expect(readFileSync(file, 'utf8')).toBe('epoch;loss;val_loss\n0;2;NA\n');
    const empty = join(mkdtempSync(join(tmpdir(), 'strata-csv-')), 'empty.csv');
    writeFileSync(empty, '');
    await simulateFit(new FakeModel(), [new CSVLogger(empty, { append: true })], [{ loss: 2, val_loss: 3 }]);
    expect(readFileSync(empty, 'utf8')).toBe('epoch,loss,val_loss\n0,2,3\n');
  });
});

describe('ProgbarLogger', () => {
  // The clock and the output are scripted: epoch begins at t = 10·epoch, batch i ends 0.1 s later each.
  async function run(verbose: 0 | 1 | 2, isTTY: boolean): Promise<string> {
    let t = 0;
    let out = '';
    const logger = new ProgbarLogger({ verbose, writer: { isTTY, write: (s) => (out += s) }, now: () => t });
    const list = new CallbackList([logger], { model: new FakeModel(), params: { epochs: 2, steps: 3 } });
    await list.onTrainBegin();
    for (let epoch = 0; epoch < 2; epoch++) {
      t = 10 * epoch;
      await list.onEpochBegin(epoch);
      for (let batch = 0; batch < 3; batch++) {
        t += 0.1;
        await list.onBatchEnd(batch, { loss: 1 - 0.1 * batch, acc: 0.00012 });
      }
      await list.onEpochEnd(epoch, { loss: 0.8, acc: 0.5, val_loss: 0.9 });
    }
    await list.onTrainEnd();
    return out;
  }

  test('not a terminal: one Keras verbose-2 line per epoch', async () => {
    const expected = '3/3 - 0s - 100ms/step - loss: 0.8000 - acc: 0.5000 - val_loss: 0.9000\n';
    expect(await run(1, false)).toBe(`Epoch 1/2\n${expected}Epoch 2/2\n${expected}`);
    expect(await run(2, true)).toBe(`Epoch 1/2\n${expected}Epoch 2/2\n${expected}`);
  });

  test('terminal: a bar redrawn in place with ETA, step time and the latest metrics', async () => {
    const out = await run(1, true);
    const plain = out.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '');
    const frames = plain.split('\r');
    expect(frames[0]).toBe('Epoch 1/2\n');
    expect(frames[1]).toBe(`1/3 ${'━'.repeat(20)} 0s 100ms/step - loss: 1.0000 - acc: 1.2000e-04`);
    expect(frames[2]).toBe(`2/3 ${'━'.repeat(20)} 0s 100ms/step - loss: 0.9000 - acc: 1.2000e-04`);
    expect(frames[4]).toBe(
      `3/3 ${'━'.repeat(20)} 0s 100ms/step - loss: 0.8000 - acc: 0.5000 - val_loss: 0.9000\nEpoch 2/2\n`,
    );
    // Progress colours: 6 of 20 cells done after step 1.
    expect(out).toContain(`\x1b[32m${'━'.repeat(6)}\x1b[0m\x1b[37m${'━'.repeat(14)}\x1b[0m`);
  });

  test('unknown steps: the count is taken from the batches seen', async () => {
    let out = '';
    let t = 0;
    const logger = new ProgbarLogger({ writer: { isTTY: true, write: (s) => (out += s) }, now: () => t });
    logger.setParams({ epochs: 1, steps: null, verbose: 1 });
    logger.onTrainBegin();
    logger.onEpochBegin(0);
    t = 0.5;
    logger.onBatchEnd(0, { loss: 2 });
    t = 1;
    logger.onBatchEnd(1, { loss: 1 });
    logger.onEpochEnd(0, { loss: 1 });
    const plain = out.replace(new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g'), '');
    expect(plain.split('\r')[1]).toBe('      1/Unknown 0s 500ms/step - loss: 2.0000');
    expect(plain.endsWith(`\r2/2 ${'━'.repeat(20)} 1s 500ms/step - loss: 1.0000\n`)).toBe(true);
  });

  test('a standalone evaluate() gets its own line; validation inside fit() is silent', async () => {
    let out = '';
    const logger = new ProgbarLogger({ verbose: 2, writer: { write: (s) => (out += s) }, now: () => 0 });
    logger.setParams({ steps: 2, verbose: 2 });
    logger.onTestBegin();
    logger.onTestBatchEnd(0, { loss: 3 });
    logger.onTestBatchEnd(1, { loss: 2 });
    logger.onTestEnd({ loss: 2 });
    expect(out).toBe('2/2 - 0s - 0s/step - loss: 2.0000\n');
    out = '';
    logger.onTrainBegin();
    logger.onTestBegin();
    logger.onTestEnd({ loss: 2 });
    expect(out).toBe('');
  });

  test('verbose 0 prints nothing; verbose comes from fit() params unless given', async () => {
    expect(await run(0, true)).toBe('');
    let out = '';
    const logger = new ProgbarLogger({ writer: { isTTY: false, write: (s) => (out += s) }, now: () => 0 });
    logger.setParams({ epochs: 1, steps: 1, verbose: 0 });
    await logger.onEpochBegin(0);
    logger.onBatchEnd(0, { loss: 1 });
    logger.onEpochEnd(0, { loss: 1 });
    expect(out).toBe('');
  });
});
