// `loss-lens run FILE.py [--json]`: the same evaluator as the editor's compute command.
const usage = `Usage: loss-lens run FILE.py [--json]
  Evaluates the PyTorch loss code in FILE.py ("-" for stdin) without Python and prints what PyTorch would.
  --json   print {"results": [...], "diagnostics": [...]} instead`;

function main(argv: string[]): number {
  if (argv.length === 0 || argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(usage + "\n");
    return argv.length === 0 ? 2 : 0;
  }
  process.stderr.write("loss-lens: the evaluator is not built yet\n");
  return 2;
}

process.exitCode = main(process.argv.slice(2));
