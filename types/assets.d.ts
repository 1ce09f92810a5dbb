// esbuild's binary loader turns an imported .wasm into its bytes (see scripts/build.mjs).
declare module "*.wasm" {
  const bytes: Uint8Array;
  export default bytes;
}

// The engine's .wasm, gzip-compressed by scripts/build.mjs, embedded the same way.
declare module "*.wasm.gz" {
  const bytes: Uint8Array;
  export default bytes;
}
