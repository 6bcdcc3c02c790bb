import { backend_util, type DepthwiseConv2dNativeBackpropFilterAttrs } from '@strata/core';

type Conv2DInfo = backend_util.Conv2DInfo;
type Strides = [batch: number, row: number, column: number, channel: number];

/** The attrs both depthwise gradients get besides a shape (the input's or the filter's). */
type DepthwiseAttrs = Pick<
  DepthwiseConv2dNativeBackpropFilterAttrs,
  'strides' | 'dilations' | 'pad' | 'dimRoundingMode'
>;

/** Conv info of a depthwise convolution (NHWC, filter [fh, fw, inChannels, multiplier]). */
export function depthwiseConvInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  { strides, dilations, pad, dimRoundingMode }: DepthwiseAttrs,
): Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    true,
  );
}

/** Element strides [batch, row, column, channel] of x and dy in the info's layout, so one loop serves NHWC and NCHW. */
export function convStrides(info: Conv2DInfo): { x: Strides; dy: Strides } {
  const { inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: oc } = info;
  return info.dataFormat === 'channelsLast'
    ? { x: [h * w * c, w * c, c, 1], dy: [oh * ow * oc, ow * oc, oc, 1] }
    : { x: [c * h * w, w, 1, h * w], dy: [oc * oh * ow, ow, 1, oh * ow] };
}

/**
 * The output pixels of a convolution, one per `next()` in batch, row, column order, each with the filter taps whose
 * input pixel lies inside x (padding contributes nothing), filter rows first: `dyAt` and `xAts[t]` are the flat
 * offsets of channel 0 of the dy and x pixel, `taps[t] = filterRow · filterWidth + filterColumn`, for t < `count`.
 * The loop every conv gradient runs; the caller adds what it does per channel in its own loop (not a callback:
 * V8 re-reads a callback's captured variables on every use, which made the channel loops 1.5× slower).
 */
export class ConvWindows {
  dyAt = 0;
  count = 0;
  readonly xAts: Int32Array;
  readonly taps: Int32Array;
  private pixel = -1;
  private readonly pixels: number;
  private readonly info: Conv2DInfo;
  private readonly strides: { x: Strides; dy: Strides };

  constructor(info: Conv2DInfo) {
    this.info = info;
    this.strides = convStrides(info);
    this.pixels = info.batchSize * info.outHeight * info.outWidth;
    this.xAts = new Int32Array(info.filterHeight * info.filterWidth);
    this.taps = new Int32Array(info.filterHeight * info.filterWidth);
  }

  /** Moves to the next output pixel; false after the last. */
  next(): boolean {
    if (++this.pixel >= this.pixels) return false;
    const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = this.info;
    const { strideHeight, strideWidth, dilationHeight, dilationWidth, padInfo } = this.info;
    const [xB, xH, xW] = this.strides.x;
    const [dB, dH, dW] = this.strides.dy;
    const yc = this.pixel % outWidth;
    const yr = Math.floor(this.pixel / outWidth) % outHeight;
    const b = Math.floor(this.pixel / (outWidth * outHeight));
    this.dyAt = b * dB + yr * dH + yc * dW;
    let count = 0;
    for (let fr = 0; fr < filterHeight; fr++) {
      const xr = yr * strideHeight + fr * dilationHeight - padInfo.top;
      if (xr < 0 || xr >= inHeight) continue;
      for (let fc = 0; fc < filterWidth; fc++) {
        const xc = yc * strideWidth + fc * dilationWidth - padInfo.left;
        if (xc < 0 || xc >= inWidth) continue;
        this.xAts[count] = b * xB + xr * xH + xc * xW;
        this.taps[count++] = fr * filterWidth + fc;
      }
    }
    this.count = count;
    return true;
  }
}
