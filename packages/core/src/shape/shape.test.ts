import { describe, expect, test } from 'vitest';
import { formatShape, formatShapeCode, shapeSize, shapesCompatible, shapesEqual } from './shape.js';

describe('shape helpers', () => {
  test('format like Keras: None for unknown dims, trailing comma for rank 1', () => {
    expect(formatShape([null, 28, 28])).toBe('(None, 28, 28)');
    expect(formatShape([10])).toBe('(10,)');
    expect(formatShape([null])).toBe('(None,)');
    expect(formatShape([])).toBe('()');
  });

  test('format as code for error messages', () => {
    expect(formatShapeCode([null, 784])).toBe('[null, 784]');
    expect(formatShapeCode([32, 28, 28])).toBe('[32, 28, 28]');
  });

  test('compatibility treats null as a wildcard; equality does not', () => {
    expect(shapesCompatible([null, 3], [8, 3])).toBe(true);
    expect(shapesCompatible([null, 3], [8, 4])).toBe(false);
    expect(shapesCompatible([3], [3, 1])).toBe(false);
    expect(shapesEqual([null, 3], [8, 3])).toBe(false);
    expect(shapesEqual([null, 3], [null, 3])).toBe(true);
  });

  test('size is null while any dimension is unknown', () => {
    expect(shapeSize([2, 3, 4])).toBe(24);
    expect(shapeSize([])).toBe(1);
    expect(shapeSize([null, 4])).toBeNull();
  });
});
