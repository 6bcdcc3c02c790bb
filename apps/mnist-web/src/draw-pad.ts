/** A canvas to draw a digit on with a mouse, pen or finger: white ink on black, like MNIST. */
export class DrawPad {
  private readonly context: CanvasRenderingContext2D;
  private last: { x: number; y: number } | undefined;

  /** `onStrokeEnd` runs when a stroke ends (pointer up), e.g. to predict. */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    onStrokeEnd: () => void,
  ) {
    this.context = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    canvas.addEventListener('pointerdown', (event) => {
      canvas.setPointerCapture(event.pointerId);
      this.last = this.point(event);
      this.line(this.last, this.last);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!this.last) return;
      const next = this.point(event);
      this.line(this.last, next);
      this.last = next;
    });
    const end = () => {
      if (!this.last) return;
      this.last = undefined;
      onStrokeEnd();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  clear(): void {
    this.context.fillStyle = 'black';
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Shows a 28×28 image (values in [0, 1]) over the whole pad. */
  show(pixels: Float32Array): void {
    const small = document.createElement('canvas');
    small.width = 28;
    small.height = 28;
    paint(small, pixels);
    this.context.imageSmoothingEnabled = false;
    this.context.drawImage(small, 0, 0, this.canvas.width, this.canvas.height);
  }

  /** Ink per pixel in [0, 1], row-major, `width × height`. */
  intensities(): Float32Array {
    const { data } = this.context.getImageData(0, 0, this.canvas.width, this.canvas.height);
    const out = new Float32Array(data.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = data[i * 4]! / 255;
    return out;
  }

  get width(): number {
    return this.canvas.width;
  }

  get height(): number {
    return this.canvas.height;
  }

  private point(event: PointerEvent): { x: number; y: number } {
    // The canvas may be shown at another size than its pixel grid.
    const box = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * this.canvas.width,
      y: ((event.clientY - box.top) / box.height) * this.canvas.height,
    };
  }

  private line(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const c = this.context;
    c.strokeStyle = 'white';
    c.lineCap = 'round';
    c.lineJoin = 'round';
    // MNIST strokes are 2–3 px of 28: 22 px on a 280 px pad.
    c.lineWidth = this.canvas.width * 0.08;
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
  }
}

/** Draws a 28×28 image (values in [0, 1], white on black) onto a 28×28 canvas. */
export function paint(canvas: HTMLCanvasElement, pixels: Float32Array): void {
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(pixels[i]! * 255);
    image.data.set([v, v, v, 255], i * 4);
  }
  context.putImageData(image, 0, 0);
}
