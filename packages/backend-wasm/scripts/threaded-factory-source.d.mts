/** The source text of tfjs-backend-wasm's threaded Emscripten factory. */
export function threadedFactorySource(): string;
