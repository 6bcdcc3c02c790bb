// Test-only. @strata/core's source (which vitest loads through the shared alias) imports tfjs-core's
// register_all_gradients.js before tfjs-core's main entry. That list registers a few gradients twice, and the
// second registration reads the DEBUG flag, which only the main entry defines: unbundled in a browser the
// import of @strata/core then throws "Cannot evaluate flag 'DEBUG'". (Node and core's built dist load the main
// entry first and are fine.) Loading the main entry first here mirrors the dist.
import '@tensorflow/tfjs-core';
