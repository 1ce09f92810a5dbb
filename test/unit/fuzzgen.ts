// Seeded programs for the robustness fuzz (test/unit/fuzz-hostile.test.ts, a few seconds in npm test, and
// scripts/fuzz.mjs, minutes): the demo programs mutated (lines dropped, duplicated, swapped, cut mid-line,
// numbers blown up) with the hostile statements of issues #16 and #18 spliced in.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The statements the issues name, and their relatives. */
export const HOSTILE: string[] = [
  "s = 'a' * 5 * 10**8",
  "s = 'a' * 120_000_000\nn = len(s)",
  "x = [0]\nfor i in range(60):\n    x = x + x",
  "xs = []\nfor i in range(60):\n    xs = xs + ['a' * 100_000_000]",
  "x = [0] * 300000 * 2",
  "while True:\n    pass",
  "a = torch.ones(3000, 3000)\nb = a @ a",
  "t = torch.ones(10**7)\nfor i in range(60):\n    u = (t * 2).sum()",
  "y = " + Array(20000).fill("1").join(" + "),
  "y = torch" + ".T".repeat(5000),
  "s = '\\U99999999'",
  "print(torch.constructor, torch.__proto__)",
  "z = np.constructor(1)",
  "__proto__ = torch.tensor([1.0], requires_grad=True)",
  "for i in range(10**6):\n    print('x' * 100)",
  "d = {'k': 1}\nfor i in range(25):\n    d = {'a': d, 'b': d}",
  "s = 'ab'\nfor i in range(40):\n    s = s + s",
  "x = torch.ones(100000, 100000)",
  "def f(n):\n    return f(n + 1)\nf(0)",
  "s = '%s' % ('a' * 1000) * 10**6",
  "s = ','.join(['a'] * 10**7)",
];

/** One mutated program: a demo (or seed) program, changed 1-4 times. */
export function mutate(rand: () => number, programs: string[]): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  let lines = pick(programs).split("\n");
  const steps = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < steps; k++) {
    const at = Math.floor(rand() * (lines.length + 1));
    const r = rand();
    if (r < 0.35) lines.splice(at, 0, ...pick(HOSTILE).split("\n"));
    else if (r < 0.5) lines.splice(at, 1);
    else if (r < 0.6) lines.splice(at, 0, lines[Math.floor(rand() * lines.length)] ?? "");
    else if (r < 0.7) {
      const b = Math.floor(rand() * lines.length);
      [lines[at], lines[b]] = [lines[b] ?? "", lines[at] ?? ""];
    } else if (r < 0.8) {
      const text = lines.join("\n");
      lines = text.slice(0, Math.floor(rand() * text.length)).split("\n");
    } else if (r < 0.9) lines = lines.map((l) => l.replace(/\b\d+(\.\d+)?\b/g, (m) => (rand() < 0.2 ? pick(["10**9", "1e308", "-0.0", "3000", "0", "2**62"]) : m)));
    else lines = lines.map((l) => (rand() < 0.1 ? "    " + l : l));
  }
  return lines.join("\n") + "\n";
}
