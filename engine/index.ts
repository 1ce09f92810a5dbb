// Public entry of the engine: pure TypeScript + WebAssembly, no vscode.
export { loadKernels } from "./api/wasm";
export { createEngine } from "./api/engine";
export { LossError } from "./api/types";
export type * from "./api/types";
export type * from "./catalog/types";
export { catalog, getLoss, getByFunctional } from "./catalog";
