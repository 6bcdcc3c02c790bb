export { cifar10ClassNames, type LoadCifar10Options, loadCifar10 } from './cifar/load-cifar10.js';
export {
  type CsvColumn,
  type CsvColumns,
  type CsvDataset,
  type CsvTensors,
  type LoadCsvOptions,
  loadCsv,
} from './csv/load-csv.js';
export { type CsvRecords, type ParseCsvOptions, parseCsv } from './csv/parse-csv.js';
export { type NormalizeOptions, normalize } from './helpers/normalize.js';
export { oneHot } from './helpers/one-hot.js';
export {
  type TrainTestSplit,
  type TrainTestSplitOptions,
  trainTestSplit,
} from './helpers/train-test-split.js';
export { encodeIdx } from './idx/encode-idx.js';
export {
  type IdxArray,
  type IdxDType,
  type IdxValues,
  parseIdx,
  type ReadIdxOptions,
  readIdx,
} from './idx/read-idx.js';
export type { ImageDataset, ImageLoadOptions, ImageSplit } from './images/image-data.js';
export type { Source } from './io/read-source.js';
export {
  fashionMnistClassNames,
  type LoadFashionMnistOptions,
  loadFashionMnist,
} from './mnist/load-fashion-mnist.js';
export { mnistFiles } from './mnist/load-idx-images.js';
export { type LoadMnistOptions, loadMnist } from './mnist/load-mnist.js';
export {
  type ArrayStructure,
  type BatchOptions,
  Dataset,
  type GeneratorLike,
  type Rows,
  type ShuffleOptions,
  type TensorStructure,
  type Zipped,
} from './pipeline/dataset.js';
export type {
  Batched,
  DisposableBatch,
  Element,
  Leaf,
  NumericArray,
  TypedArray,
} from './pipeline/element.js';
export type { Seed } from './pipeline/random.js';
