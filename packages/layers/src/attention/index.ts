export {
  MultiHeadAttention,
  type MultiHeadAttentionArgs,
  type MultiHeadAttentionCallArgs,
} from './multi-head-attention.js';
