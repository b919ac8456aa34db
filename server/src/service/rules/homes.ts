/** Where in fly.toml a key belongs: the sections of the model that have it, for "it belongs in [x]" messages. */
import type { IRNode } from "../../../../schemas/ir";
import { model } from "../../../../schemas/runtime";

/** A section that has the key, and the key's schema there. */
interface Home {
  where: string;
  node: IRNode;
}

let index: Map<string, Home[]> | undefined;

/** Section names as a user writes them: "the top level", "[http_service]", "[[services.ports]]". */
function sectionName(path: string[], arrays: boolean[]): string {
  if (!path.length) return "the top level";
  const name = path.join(".");
  return arrays[arrays.length - 1] ? `[[${name}]]` : `[${name}]`;
}

function build(): Map<string, Home[]> {
  const homes = new Map<string, Home[]>();
  const seen = new Set<IRNode>();
  const walk = (n: IRNode, path: string[], arrays: boolean[]) => {
    if (seen.has(n) || path.length > 4) return;
    seen.add(n);
    const where = sectionName(path, arrays);
    for (const [key, i] of Object.entries(n.keys ?? {})) {
      const child = model.node(i);
      if (child.meta?.alias || child.meta?.legacy || child.meta?.coerced) continue;
      const t = model.table(child);
      const list = homes.get(key) ?? [];
      if (!list.some((h) => h.where === where)) homes.set(key, [...list, { where, node: child }]);
      if (t?.k === "table") walk(t, [...path, key], [...arrays, !!model.item(child)]);
    }
  };
  walk(model.root, [], []);
  return homes;
}

/** The sections (other than `here`) where `key` is a known key that can hold a value of this kind: `args = ["pg"]` does not belong in
 * [build], whose `args` is a table (real-world 0235.toml). */
export function homesOf(key: string, here: string, kind: "table" | "array" | "value"): string[] {
  index ??= build();
  return (index.get(key) ?? []).filter((h) => h.where !== here && model.structural(h.node, kind).length).map((h) => h.where);
}
