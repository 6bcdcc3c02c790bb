/** MNIST's image side, and the box its digits were scaled into (LeCun et al.: 20×20, centred by mass in 28×28). */
export const SIDE = 28;
const BOX = 20;
/** Ink below this (of 1) is background: antialiasing fringes must not stretch the bounding box. */
const INK = 0.1;

/**
 * Turns a drawing (one intensity per pixel, 0 = background, 1 = ink, row-major `width × height`) into a model input
 * the way MNIST's digits were made: crop to the ink, scale the longer side to 20 pixels (area-averaged), place it
 * in a 28×28 image and shift it so its centre of mass is at the centre. Without this, a digit drawn small or in a
 * corner of the pad looks nothing like the training data. Returns `null` when there is no ink.
 * @example toMnistInput(padPixels, 280, 280); // Float32Array(784), values in [0, 1]
 */
export function toMnistInput(pixels: ArrayLike<number>, width: number, height: number): Float32Array | null {
  const box = inkBounds(pixels, width, height);
  if (!box) return null;
  const side = Math.max(box.width, box.height);
  const scale = BOX / side;
  const scaledWidth = Math.max(1, Math.round(box.width * scale));
  const scaledHeight = Math.max(1, Math.round(box.height * scale));
  const scaled = resample(pixels, width, box, scaledWidth, scaledHeight);

  // Centre the box first, then move the centre of mass to the middle (as far as the image edge allows).
  const image = new Float32Array(SIDE * SIDE);
  const left = Math.floor((SIDE - scaledWidth) / 2);
  const top = Math.floor((SIDE - scaledHeight) / 2);
  const { x: massX, y: massY } = centreOfMass(scaled, scaledWidth, scaledHeight);
  const shiftX = clamp(Math.round(SIDE / 2 - (left + massX)), -left, SIDE - scaledWidth - left);
  const shiftY = clamp(Math.round(SIDE / 2 - (top + massY)), -top, SIDE - scaledHeight - top);
  for (let y = 0; y < scaledHeight; y++) {
    for (let x = 0; x < scaledWidth; x++) {
      image[(top + shiftY + y) * SIDE + left + shiftX + x] = Math.min(1, scaled[y * scaledWidth + x]!);
    }
  }
  return image;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function inkBounds(pixels: ArrayLike<number>, width: number, height: number): Box | null {
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x]! <= INK) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Each output pixel is the mean of the source pixels under it (a box filter), so thin strokes keep their weight
 * when shrunk; when enlarging (a tiny drawing), the nearest source pixel.
 */
function resample(pixels: ArrayLike<number>, width: number, box: Box, outWidth: number, outHeight: number) {
  const out = new Float32Array(outWidth * outHeight);
  const stepX = box.width / outWidth;
  const stepY = box.height / outHeight;
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = box.top + Math.floor(oy * stepY);
    const y1 = Math.max(y0 + 1, box.top + Math.floor((oy + 1) * stepY));
    for (let ox = 0; ox < outWidth; ox++) {
      const x0 = box.left + Math.floor(ox * stepX);
      const x1 = Math.max(x0 + 1, box.left + Math.floor((ox + 1) * stepX));
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += pixels[y * width + x]!;
      out[oy * outWidth + ox] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/** Centre of mass in pixel-centre coordinates (a single pixel at 0 has its centre at 0.5). */
function centreOfMass(image: Float32Array, width: number, height: number): { x: number; y: number } {
  let total = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = image[y * width + x]!;
      total += v;
      sumX += v * (x + 0.5);
      sumY += v * (y + 0.5);
    }
  }
  return total === 0 ? { x: width / 2, y: height / 2 } : { x: sumX / total, y: sumY / total };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
