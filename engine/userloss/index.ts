// Plotting a loss from the user's own code: find it, plan its sweep from the program, evaluate the sweep.
export { findUserLosses, userLossAt, type NumericParam, type UserLossDef } from "./detect";
export { paramValues } from "./params";
export { DEFAULT_RANGE, planPlot, type PlotPlan } from "./plan";
export { checkUserLoss, type CheckError, type UserLossCheck } from "./check";
export { CallError, LossSession, type ParamValue } from "./session";
export { pointValue, sweep, type SweepMode, type SweepResult, type SweepSetup } from "./sweep";
