import '@strata/backend-cpu';
import * as tf from '@strata/core';
import { Layer } from '@strata/layers';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  formatOutputShape,
  formatSummary,
  readableSize,
  type Summarizable,
  withThousands,
} from './summary.js';
import { renderTable, wrap } from './table.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

describe('numbers as Keras 3 prints them', () => {
  test('readable sizes use 1024-based units with two decimals', () => {
    expect(readableSize(0)).toBe('0.00 B');
    expect(readableSize(1023)).toBe('1023.00 B');
    expect(readableSize(101_770 * 4)).toBe('397.54 KB'); // the MNIST model in float32
    expect(readableSize(3 * 1024 ** 2)).toBe('3.00 MB');
  });

  test('counts have thousands separators; shapes use None', () => {
    expect(withThousands(0)).toBe('0');
    expect(withThousands(101_770)).toBe('101,770');
    expect(withThousands(1_234_567)).toBe('1,234,567');
    expect(formatOutputShape([null, 128])).toBe('(None, 128)');
    expect(formatOutputShape([null])).toBe('(None,)');
    expect(
      formatOutputShape([
        [null, 2],
        [null, 3],
      ]),
    ).toBe('[(None, 2), (None, 3)]');
    expect(formatOutputShape(undefined)).toBe('?');
  });
});

describe('the table', () => {
  test('every line has the requested length; long cells wrap at ", " and spaces', () => {
    const lines = renderTable(
      ['Layer (type)', 'Output Shape', 'Param #'],
      [[['a_rather_long_layer_name_that_will_not_fit (Dense)'], ['(None, 1024, 1024, 3, 7)'], ['1,234,567']]],
      { lineLength: 60, positions: [0.45, 0.8, 1], align: ['left', 'left', 'right'] },
    );
    expect(lines.every((l) => l.length === 60)).toBe(true);
    expect(lines.length).toBeGreaterThan(5); // the first row spans several lines
    expect(wrap('(None, 1024, 1024, 3)', 12)).toEqual(['(None, 1024,', '1024, 3)']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  test('a line too short for the columns is refused with the minimum', () => {
    expect(() =>
      renderTable(['a', 'b'], [], { lineLength: 10, positions: [0.5, 1], align: ['left', 'left'] }),
    ).toThrow(/lineLength 10 is too small for 2 columns; use at least 19/);
  });
});

describe('formatSummary', () => {
  class Weighted extends Layer {
    static override readonly className = 'Weighted';
    override build(_inputShape: tf.Shape) {
      this.addWeight('w', [3, 2]);
      this.addWeight('count', [], { trainable: false, dtype: 'int32' });
    }
  }

  test('totals split trainable and non-trainable weights and count bytes by dtype', () => {
    const layer = new Weighted({ name: 'w' });
    layer.build([null, 3]);
    const model: Summarizable = {
      name: 'm',
      weightInfo: () => layer.weightInfo(),
      summaryEntries: () => [{ layer, outputShape: [null, 2] }],
      summaryIsSequentialLike: () => true,
    };
    const text = formatSummary(model, { lineLength: 60 });
    expect(text.split('\n')[0]).toBe('Model: "m"');
    expect(text).toMatch(/│ w \(Weighted\) +│ \(None, 2\) +│ +7 │/);
    expect(text.split('\n').slice(-3)).toEqual([
      ' Total params: 7 (28.00 B)',
      ' Trainable params: 6 (24.00 B)',
      ' Non-trainable params: 1 (4.00 B)',
    ]);
    expect(() => formatSummary(model, { positions: [0.5, 1] })).toThrow(/positions needs 3 values/);
    layer.dispose();
  });

  test('a layer that never ran shows ? and 0 (unbuilt)', () => {
    const layer = new Weighted({ name: 'unused' });
    const model: Summarizable = {
      name: 'm',
      weightInfo: () => [],
      summaryEntries: () => [{ layer, outputShape: undefined }],
      summaryIsSequentialLike: () => true,
    };
    expect(formatSummary(model)).toMatch(/│ unused \(Weighted\) +│ \? +│ +0 \(unbuilt\) │/);
  });
});
