export { BaseConv, type BaseConvArgs, Conv, type ConvArgs } from './base-conv.js';
export { Conv1D, type Conv1DArgs } from './conv-1d.js';
export { Conv2D, type Conv2DArgs } from './conv-2d.js';
export { Conv2DTranspose, type Conv2DTransposeArgs } from './conv-2d-transpose.js';
export type { DataFormat, PaddingMode } from './conv-utils.js';
export { DepthwiseConv2D, type DepthwiseConv2DArgs } from './depthwise-conv-2d.js';
export { SeparableConv2D, type SeparableConv2DArgs } from './separable-conv-2d.js';
