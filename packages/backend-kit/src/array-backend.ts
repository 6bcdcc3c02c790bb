import {
  type BackendTimingInfo,
  type BackendValues,
  type DataId,
  DataStorage,
  type DataType,
  engine,
  KernelBackend,
} from '@strata/core';

interface Entry {
  values: BackendValues;
  dtype: DataType;
  refCount: number;
}

/**
 * The tfjs backend of a plugin with neither `base` nor `create`: it only stores tensors as typed arrays in
 * JavaScript memory, and every op runs through the plugin's own kernels (`readValues`/`makeOutput`).
 */
export class ArrayBackend extends KernelBackend {
  // DataStorage moves a tensor in from its backend the first time a kernel here reads it.
  private readonly data = new DataStorage<Entry>(this, engine());

  override write(values: BackendValues, _shape: number[], dtype: DataType): DataId {
    const dataId = {};
    this.data.set(dataId, { values, dtype, refCount: 1 });
    return dataId;
  }

  override move(
    dataId: DataId,
    values: BackendValues,
    _shape: number[],
    dtype: DataType,
    refCount: number,
  ): void {
    this.data.set(dataId, { values, dtype, refCount });
  }

  override readSync(dataId: DataId): BackendValues {
    return this.data.get(dataId).values;
  }

  override async read(dataId: DataId): Promise<BackendValues> {
    return this.readSync(dataId);
  }

  override refCount(dataId: DataId): number {
    return this.data.has(dataId) ? this.data.get(dataId).refCount : 0;
  }

  override incRef(dataId: DataId): void {
    this.data.get(dataId).refCount++;
  }

  decRef(dataId: DataId): void {
    if (this.data.has(dataId)) this.data.get(dataId).refCount--;
  }

  override disposeData(dataId: DataId, force = false): boolean {
    if (!this.data.has(dataId)) return true;
    const entry = this.data.get(dataId);
    entry.refCount--;
    if (!force && entry.refCount > 0) return false;
    this.data.delete(dataId);
    return true;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  override memory(): { unreliable: boolean; reasons: string[] } {
    return {
      unreliable: true,
      reasons: ['ArrayBackend does not count bytes; tf.memory().numBytes is exact.'],
    };
  }

  override timerAvailable(): boolean {
    return true;
  }

  override async time(f: () => void): Promise<BackendTimingInfo> {
    const start = performance.now();
    f();
    return { kernelMs: performance.now() - start };
  }

  override floatPrecision(): 32 {
    return 32;
  }

  override dispose(): void {}
}
