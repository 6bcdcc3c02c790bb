import type { CaseOutput } from './compare.js';

/** The backend whose outputs are recorded in golden-cpu.ts: the reference checks itself against them. */
export const goldenBackend = 'cpu';
/** The key of the end-to-end training's losses among the recorded outputs. */
export const trainingKey = 'training: end-to-end';

/** Outputs as text: `dtype:shape:base64(bytes)` per output, joined by `;` (exact, NaN and -0 included). */
export function encodeOutputs(outputs: readonly CaseOutput[]): string {
  return outputs
    .map((o) => {
      const typed = o.dtype === 'float32' ? Float32Array.from(o.values) : Int32Array.from(o.values);
      return `${o.dtype}:${o.shape.join(',')}:${toBase64(new Uint8Array(typed.buffer))}`;
    })
    .join(';');
}

export function decodeOutputs(text: string): CaseOutput[] {
  if (text === '') return [];
  return text.split(';').map((part) => {
    const [dtype, shape, data] = part.split(':') as [string, string, string];
    const bytes = fromBase64(data);
    const values = dtype === 'float32' ? new Float32Array(bytes.buffer) : new Int32Array(bytes.buffer);
    return { dtype, shape: shape === '' ? [] : shape.split(',').map(Number), values };
  });
}

/** The recorded outputs by `<kernel>: <case>`; loaded on first use (they are only needed to check cpu). */
export async function loadGolden(): Promise<{
  recordedWith: string;
  outputs: Readonly<Record<string, string>>;
}> {
  const { recordedWith, goldenOutputs } = await import('./golden-cpu.js');
  return { recordedWith, outputs: goldenOutputs };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
