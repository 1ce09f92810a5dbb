// Everything the compute command needs beyond VS Code glue, behind one lazy import (see runtime.ts).
export { createEngine } from "../../engine/api/engine";
export { evaluate } from "../../engine/python";
export { catalog, getLoss } from "../../engine/catalog";
export { plan, TensorPlan } from "../../engine/compute/plan";
export { fittingLosses, probeTensors } from "../../engine/compute/fit";
export { compactRepr, describeOptions, fullRepr, printout, pythonLiteral, RANDOM_NOTE, shortRepr } from "../../engine/compute/format";
