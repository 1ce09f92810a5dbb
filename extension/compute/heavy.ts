// Everything the compute command needs on the host beyond VS Code glue, behind one lazy import (see runtime.ts):
// the catalog and the formatting of results. Planning and evaluation run in the compute worker.
export { catalog, getLoss } from "../../engine/catalog";
export { compactRepr, describeOptions, fullRepr, printout, pythonLiteral, RANDOM_NOTE, shortRepr } from "../../engine/compute/format";
export { code, codeBlock, userText } from "../../engine/hover/render";
