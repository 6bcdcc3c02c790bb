import { describe, expect, test } from 'vitest';
import { SIDE, toMnistInput } from './digit-input.js';

const PAD = 280;

/** A 280×280 pad with ink where `inked(x, y)` holds. */
function pad(inked: (x: number, y: number) => boolean): Float32Array {
  const pixels = new Float32Array(PAD * PAD);
  for (let y = 0; y < PAD; y++) for (let x = 0; x < PAD; x++) if (inked(x, y)) pixels[y * PAD + x] = 1;
  return pixels;
}

/** The rows and columns of a 28×28 image that hold ink, as [first, last]. */
function extent(image: Float32Array) {
  const rows: number[] = [];
  const cols: number[] = [];
  image.forEach((v, i) => {
    if (v > 0) {
      rows.push(Math.floor(i / SIDE));
      cols.push(i % SIDE);
    }
  });
  return { rows: [Math.min(...rows), Math.max(...rows)], cols: [Math.min(...cols), Math.max(...cols)] };
}

function centreOfMass(image: Float32Array) {
  let total = 0;
  let x = 0;
  let y = 0;
  image.forEach((v, i) => {
    total += v;
    x += v * ((i % SIDE) + 0.5);
    y += v * (Math.floor(i / SIDE) + 0.5);
  });
  return { x: x / total, y: y / total };
}

describe('toMnistInput', () => {
  test('no ink (or only faint antialiasing) gives null', () => {
    expect(toMnistInput(new Float32Array(PAD * PAD), PAD, PAD)).toBeNull();
    expect(toMnistInput(new Float32Array(PAD * PAD).fill(0.05), PAD, PAD)).toBeNull();
  });

  test('a square in a corner becomes a 20×20 block in the middle of 28×28, as MNIST digits are', () => {
    const image = toMnistInput(
      pad((x, y) => x >= 10 && x < 110 && y >= 20 && y < 120),
      PAD,
      PAD,
    )!;
    expect(image).toHaveLength(784);
    expect(extent(image)).toEqual({ rows: [4, 23], cols: [4, 23] });
    // Area averaging of full ink stays full ink: 400 pixels of 1.
    expect(image.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 4);
  });

  test('the longer side is scaled to 20 and the aspect ratio kept: a 40×200 bar becomes 4×20', () => {
    const image = toMnistInput(
      pad((x, y) => x >= 200 && x < 240 && y >= 50 && y < 250),
      PAD,
      PAD,
    )!;
    expect(extent(image)).toEqual({ rows: [4, 23], cols: [12, 15] });
  });

  test('the centre of mass lands in the middle, not the centre of the box', () => {
    // A right triangle: its mass sits towards the lower left of its bounding box.
    const image = toMnistInput(
      pad((x, y) => x >= 40 && y < 240 && x - 40 <= y - 40 && y >= 40),
      PAD,
      PAD,
    )!;
    const mass = centreOfMass(image);
    expect(Math.abs(mass.x - SIDE / 2)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(mass.y - SIDE / 2)).toBeLessThanOrEqual(0.5);
  });

  test('a tiny drawing is enlarged to the 20-pixel box', () => {
    const image = toMnistInput(
      pad((x, y) => x >= 100 && x < 105 && y >= 100 && y < 105),
      PAD,
      PAD,
    )!;
    expect(extent(image)).toEqual({ rows: [4, 23], cols: [4, 23] });
    expect(Math.max(...image)).toBe(1);
  });
});
