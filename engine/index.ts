// Public entry of the engine: pure TypeScript + WebAssembly, no vscode.
export { loadKernels } from "./api/wasm";
export type * from "./catalog/types";
export { catalog, getLoss, getByFunctional } from "./catalog";
