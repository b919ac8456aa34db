// Seeded document mutations for the robustness tests: deterministic for a seed, so a failure can be replayed.
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes and fragments that break TOML in interesting ways (the fuzzer adds its own). */
export const JUNK = [
  "\u0000",
  "\u0007",
  "\ufeff",
  "é",
  "日本",
  "😀",
  '"',
  "'",
  "[",
  "]",
  "{",
  "}",
  "=",
  "#",
  "\\",
  "\r",
  "\n",
  "\t",
  '"""',
  "'''",
  ".",
  ",",
];
export const VALUES = ['"text"', "42", "-1", "3.5", "true", "[1, 2]", "{ a = 1 }", "1979-05-27", '"10s"', "[]", '""', "inf"];

export function mutate(text, rnd) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const lines = text.split("\n");
  const at = Math.floor(rnd() * (text.length + 1));
  switch (Math.floor(rnd() * 8)) {
    case 0: // truncate
      return text.slice(0, at);
    case 1: // insert junk
      return text.slice(0, at) + Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(JUNK)).join("") + text.slice(at);
    case 2: {
      // delete a line
      lines.splice(Math.floor(rnd() * lines.length), 1);
      return lines.join("\n");
    }
    case 3: {
      // duplicate a line
      const i = Math.floor(rnd() * lines.length);
      lines.splice(i, 0, lines[i]);
      return lines.join("\n");
    }
    case 4: {
      // swap two lines
      const i = Math.floor(rnd() * lines.length);
      const j = Math.floor(rnd() * lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join("\n");
    }
    case 5: {
      // change the type of a value
      const i = Math.floor(rnd() * lines.length);
      lines[i] = lines[i].replace(/=\s*.*$/, `= ${pick(VALUES)}`);
      return lines.join("\n");
    }
    case 6: // random bytes
      return text.slice(0, at) + String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(rnd() * 0x3000))) + text.slice(at);
    default: // remove a random span
      return text.slice(0, at) + text.slice(Math.min(text.length, at + Math.floor(rnd() * 200)));
  }
}

/** Inputs that break naive parsers and editors. */
export function pathological() {
  const env = ["[env]"];
  let i = 0;
  while (env.join("\n").length < 5_000_000 / 2)
    env.push(...Array.from({ length: 1000 }, () => `  KEY_${i++} = "value number ${i} with some text"`));
  const big = env.join("\n");
  return {
    "5 MB document": big + "\n" + big.replace("[env]", "[processes]").replace(/KEY_/g, "p"),
    "one 50,000-character line": `app = "${"x".repeat(50_000)}"\n[http_service]\n  internal_port = 8080\n`,
    "deeply nested arrays": `a = ${"[".repeat(5000)}${"]".repeat(5000)}\n`,
    "deeply nested inline tables": `a = ${"{ b = ".repeat(1000)}1${" }".repeat(1000)}\n`,
    "a header of 2,000 keys": `[${Array.from({ length: 2000 }, (_, k) => `k${k}`).join(".")}]\nx = 1\n`,
    "10,000 syntax errors": "= = =\n".repeat(10_000),
    "only junk": "\u0000\u0001\u0002[[[{{{\"\"\"'''\n".repeat(500),
  };
}
