import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
const asc = (await import("assemblyscript/asc")).default;
const { error, stderr } = await asc.main(["engine/kernels/index.ts", "--outFile", "build/engine.wasm", "--runtime", "stub", "--use", "abort=", "--optimizeLevel", "3", "--shrinkLevel", "0", "--noAssert", "--converge", "--enable", "simd"], { stdout: process.stdout, stderr: process.stderr });
if (error) { console.error(String(error), String(stderr)); process.exit(1); }
writeFileSync("build/engine.wasm.gz", gzipSync(readFileSync("build/engine.wasm"), { level: 9 }));
console.log("engine.wasm", readFileSync("build/engine.wasm").length);
