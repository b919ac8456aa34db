/**
 * A TOML value as flyctl turns it into a string with Go's `fmt.Sprintf("%v", v)` (patches.go castToString and
 * _patchEnv): what a non-string `[env]` value or a `[[processes]]` name becomes. go-toml v2 decodes into `any` as
 * int64, float64, bool, string, []any and map[string]any, printed by fmt's rules for those types.
 */
import type { Node } from "./tree";

/** The string, or undefined where the evidence stops (a date or time: go-toml's own types, printed their way). */
export function goString(node: Node): string | undefined {
  if (node.kind === "array") return join(node.items.map(goString), "[", "]");
  if (node.kind === "table") {
    // fmt prints a map's keys sorted
    const keys = [...node.entries.keys()].sort();
    return join(
      keys.map((k) => {
        const v = goString(node.entries.get(k)!.value);
        return v === undefined ? undefined : `${k}:${v}`;
      }),
      "map[",
      "]",
    );
  }
  switch (node.type) {
    case "string":
      return String(node.value);
    case "boolean":
      return String(node.value);
    case "integer":
      // the source's digits, not a float's: an int64 may exceed 2^53
      return BigInt(node.raw.replace(/_/g, "")).toString();
    case "float":
      return goFloat(node.value as number);
    default:
      return undefined;
  }
}

function join(parts: (string | undefined)[], open: string, close: string): string | undefined {
  if (parts.some((p) => p === undefined)) return undefined;
  return `${open}${parts.join(" ")}${close}`;
}

/**
 * %v of a float64: strconv's shortest digits in %g form, which switches to an exponent when it is below -4 or
 * at least 6 (strconv.FormatFloat 'g', precision -1: "if precision was the shortest possible, use precision 6").
 */
function goFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "+Inf";
  if (x === -Infinity) return "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  // JavaScript's toExponential() gives the same shortest round-trip digits
  const [mantissa, e] = x.toExponential().split("e");
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  // within this range JavaScript writes plain decimals, as %g does
  return String(x);
}
