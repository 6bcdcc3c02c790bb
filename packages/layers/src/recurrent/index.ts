export { GRU, type GRUArgs } from './gru.js';
export { LSTM, type LSTMArgs } from './lstm.js';
export { Recurrent, type RecurrentArgs, type RecurrentCallArgs } from './recurrent.js';
export { SimpleRNN, type SimpleRNNArgs } from './simple-rnn.js';
