import { env, util } from '@strata/core';
import type { ShaderProgram } from './webgl-backend-like.js';

/**
 * An elementwise program from a GLSL function body `float op(float x)`, packed (four values per texel, as
 * tfjs-backend-webgl runs unary ops by default: `WEBGL_PACK_UNARY_OPERATIONS`) or not. Each channel of a packed
 * texel goes through the same scalar function, so NaN and ±Infinity are handled value by value (tfjs's packed
 * relu multiplies by a 0/1 mask: -Infinity·0 = NaN). A packed output's padding is set to 0.
 */
export function unaryProgram(
  shape: number[],
  scalarOp: string,
  options: { packed?: boolean; uniforms?: string[] } = {},
): ShaderProgram {
  const packed = options.packed ?? env().getBool('WEBGL_PACK_UNARY_OPERATIONS');
  const op = `float op(float x) {\n${scalarOp}\n}`;
  const main = packed
    ? `void main() {
        vec4 x = getAAtOutCoords();
        vec4 result = vec4(op(x.x), op(x.y), op(x.z), op(x.w));
        ${zeroPadding(shape)}
        setOutput(result);
      }`
    : 'void main() { setOutput(op(getAAtOutCoords())); }';
  return {
    variableNames: ['A'],
    outputShape: shape,
    userCode: `${op}\n${main}`,
    packedInputs: packed,
    packedOutput: packed,
    ...(options.uniforms
      ? { customUniforms: options.uniforms.map((name) => ({ name, type: 'float' })) }
      : {}),
  };
}

/** The same for `float op(float a, float b)`, broadcasting `a` and `b` to `outShape` (tfjs's samplers do it). */
export function binaryProgram(outShape: number[], scalarOp: string, packed: boolean): ShaderProgram {
  const op = `float op(float a, float b) {\n${scalarOp}\n}`;
  const main = packed
    ? `void main() {
        vec4 a = getAAtOutCoords();
        vec4 b = getBAtOutCoords();
        vec4 result = vec4(op(a.x, b.x), op(a.y, b.y), op(a.z, b.z), op(a.w, b.w));
        ${zeroPadding(outShape)}
        setOutput(result);
      }`
    : 'void main() { setOutput(op(getAAtOutCoords(), getBAtOutCoords())); }';
  return {
    variableNames: ['A', 'B'],
    outputShape: outShape,
    userCode: `${op}\n${main}`,
    packedInputs: packed,
    packedOutput: packed,
  };
}

/**
 * A copy of a packed tensor with its padding set to 0. A packed texel holds a 2×2 block; when a dimension is
 * odd, the block at its end holds values past the tensor. tfjs's packed ops write whatever their formula gives
 * there (exp gives 1, sigmoid 0.5), and its packed matMul adds the padding of both operands into the result
 * when the shared dimension is odd (see BatchMatMul.ts).
 */
export function zeroPaddingProgram(shape: number[]): ShaderProgram {
  return {
    variableNames: ['A'],
    outputShape: shape,
    userCode: `void main() {
        vec4 result = getAAtOutCoords();
        ${zeroPadding(shape)}
        setOutput(result);
      }`,
    packedInputs: true,
    packedOutput: true,
  };
}

// GLSL that zeroes the channels of `result` (a packed output texel: x, y = row r, columns c and c+1; z, w =
// row r+1) that lie outside `shape`. For rank 1 a texel holds two values (x, y). The same rule as tfjs's
// BinaryOpPackedProgram with checkOutOfBounds.
function zeroPadding(shape: number[]): string {
  const rank = shape.length;
  if (rank === 0 || util.sizeFromShape(shape) === 1) return 'result.yzw = vec3(0.);';
  if (rank === 1) {
    return `int col = getOutputCoords();
        if (col + 1 >= ${shape[0]}) result.y = 0.;
        result.zw = vec2(0.);`;
  }
  const fields = ['x', 'y', 'z', 'w', 'u', 'v'];
  // ivec5 and ivec6 are structs with fields u and v, declared by tfjs's shader prelude.
  return `ivec${rank} coords = getOutputCoords();
        bool lastRow = coords.${fields[rank - 2]} + 1 >= ${shape[rank - 2]};
        bool lastCol = coords.${fields[rank - 1]} + 1 >= ${shape[rank - 1]};
        if (lastCol) { result.y = 0.; result.w = 0.; }
        if (lastRow) { result.z = 0.; result.w = 0.; }`;
}
