// Child process of scripts/bench/python.mjs, run as `node --expose-gc python-measure.cjs BUNDLE FILE`:
// evaluates FILE five times and prints {times, cpu, peak, errors, stdout}. Peak = VmHWM (reset through
// /proc/self/clear_refs before the first evaluation) minus VmRSS before it.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS child script */
const { readFileSync, writeFileSync } = require("node:fs");
const { evaluate, createEngine } = require(process.argv[2]);

const status = (key) => Number(new RegExp("\\n" + key + ":\\s+(\\d+)").exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;

/** CPU time (user + system) since c0, in ms: steadier than wall time on a loaded machine. */
function cpuMs(c0) {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
}

(async () => {
  const engine = await createEngine();
  evaluate("x = torch.tensor([1.0, 2.0])\nprint(nn.MSELoss()(x, x))\n", engine);
  const src = readFileSync(process.argv[3], "utf8");
  global.gc();
  let resettable = true;
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    resettable = false;
  }
  const base = status("VmRSS");
  let t0 = performance.now();
  let c0 = process.cpuUsage();
  let out = evaluate(src, engine);
  const times = [performance.now() - t0];
  const cpu = [cpuMs(c0)];
  const peak = status("VmHWM") - base;
  for (let i = 0; i < 4; i++) {
    out = null;
    global.gc();
    t0 = performance.now();
    c0 = process.cpuUsage();
    out = evaluate(src, engine);
    times.push(performance.now() - t0);
    cpu.push(cpuMs(c0));
  }
  const errors = out.diagnostics.filter((d) => d.severity === "error").length;
  console.log(JSON.stringify({ times, cpu, peak: resettable ? peak : null, errors, stdout: out.stdout.trim() }));
})();
