import '@strata/backend-cpu';
import * as tf from '@strata/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, expect, test } from 'vitest';
import { camelCase, fromPythonic, snakeCase, toPythonic } from './pythonic.js';
import { memoryHandler } from './saving.test-helpers.js';

beforeAll(async () => {
  await tf.useBackend('cpu');
});

test('keys and values convert as in tfjs-layers; names, class names and layer references stay as they are', () => {
  expect(snakeCase('kernelSize')).toBe('kernel_size');
  expect(snakeCase('batchInputShape')).toBe('batch_input_shape');
  expect(snakeCase('Conv2D')).toBe('conv2d');
  expect(camelCase('channels_last')).toBe('channelsLast');
  expect(camelCase('relu')).toBe('relu');
  const config = {
    name: 'myDense',
    layers: [{ className: 'My_Block', name: 'Block_A', config: { dataFormat: 'channelsLast' } }],
    inboundNodes: [[['Block_A', 0, 0, { training: false }]]],
    outputLayers: [['Block_A', 0, 0]],
  };
  const python = toPythonic(config);
  expect(python).toEqual({
    name: 'myDense',
    layers: [{ class_name: 'My_Block', name: 'Block_A', config: { data_format: 'channels_last' } }],
    inbound_nodes: [[['Block_A', 0, 0, { training: false }]]],
    output_layers: [['Block_A', 0, 0]],
  });
  expect(fromPythonic(python)).toEqual(config);
});

test("our conversion of tfjs-layers's getConfig() is exactly the topology its model.save() writes", async () => {
  const input = tfl.input({ shape: [4, 4, 1], name: 'image' });
  const conv = tfl.layers.conv2d({ filters: 2, kernelSize: 2, dataFormat: 'channelsLast' }).apply(input);
  const norm = tfl.layers.batchNormalization().apply(conv);
  const output = tfl.layers.dense({ units: 2 }).apply(tfl.layers.flatten().apply(norm)) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  const handler = memoryHandler();
  await model.save(tf.io.withSaveHandler(handler.save!));
  const written = handler.artifacts!.modelTopology as { class_name: string; config: unknown };
  expect(toPythonic(model.getConfig())).toEqual(written.config);
  // And reading it back gives tfjs-layers's own camelCase config.
  expect(fromPythonic(written.config)).toEqual(JSON.parse(JSON.stringify(model.getConfig())));
  model.dispose();
});
