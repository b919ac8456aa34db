/** Small text helpers shared by the rules. */

/** Damerau-Levenshtein (optimal string alignment) distance, over three rows of character codes. */
function editDistance(a: string, b: string): number {
  const n = b.length;
  let before = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, before[j - 2] + 1);
      cur[j] = d;
    }
    const spare = before;
    before = prev;
    prev = cur;
    cur = spare;
  }
  return prev[n];
}

/** Candidates within `max` edits (case ignored), nearest first. */
export function nearest(word: string, candidates: Iterable<string>, max = 2): string[] {
  const w = word.toLowerCase();
  const scored: [string, number][] = [];
  for (const c of candidates) {
    // the distance is at least the difference in length: most candidates need no table
    if (Math.abs(c.length - w.length) > max) continue;
    const dist = editDistance(w, c.toLowerCase());
    if (dist <= max) scored.push([c, dist]);
  }
  return scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).map((x) => x[0]);
}

/** Go duration string → nanoseconds, or undefined when time.ParseDuration would reject it. */
export function parseGoDuration(s: string): number | undefined {
  const m = /^([-+]?)(.*)$/.exec(s)!;
  const body = m[2];
  if (body === "0") return 0;
  if (body === "") return undefined;
  const units: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const re = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const p = re.exec(body);
    if (!p) return undefined;
    total += Number(p[1]) * units[p[2]];
    pos = re.lastIndex;
  }
  return m[1] === "-" ? -total : total;
}

/** Nanoseconds → a Go-style duration string ("1m30s", "500ms", "10s"). */
export function formatDuration(ns: number): string {
  if (ns === 0) return "0s";
  const neg = ns < 0 ? "-" : "";
  let rest = Math.abs(ns);
  if (rest < 1e3) return `${neg}${rest}ns`;
  if (rest < 1e6) return `${neg}${+(rest / 1e3).toFixed(3)}µs`;
  if (rest < 1e9) return `${neg}${+(rest / 1e6).toFixed(3)}ms`;
  let out = "";
  const h = Math.floor(rest / 3600e9);
  if (h) out += `${h}h`;
  rest -= h * 3600e9;
  const m = Math.floor(rest / 60e9);
  if (m) out += `${m}m`;
  rest -= m * 60e9;
  if (rest) out += `${+(rest / 1e9).toFixed(3)}s`;
  return neg + out;
}

/** google/shlex's Split: undefined when quotes are unbalanced or the text ends with an escape. */
export function shlexError(s: string): string | undefined {
  let state: "none" | "single" | "double" = "none";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (state === "single") {
      if (c === "'") state = "none";
    } else if (state === "double") {
      if (c === "\\") {
        if (i + 1 >= s.length) return "EOF found after escape character";
        i++;
      } else if (c === '"') state = "none";
    } else if (c === "\\") {
      if (i + 1 >= s.length) return "EOF found after escape character";
      i++;
    } else if (c === "'") state = "single";
    else if (c === '"') state = "double";
    else if (c === "#") {
      // a comment runs to the end of the line
      const nl = s.indexOf("\n", i);
      if (nl < 0) break;
      i = nl;
    }
  }
  return state === "none" ? undefined : "EOF found when expecting closing quote";
}
