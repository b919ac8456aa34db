/** Where in fly.toml a key belongs: the sections of the model that have it, for "it belongs in [x]" messages. */
import type { IRNode } from "../../../../schemas/ir";
import { model } from "../../../../schemas/runtime";

let index: Map<string, string[]> | undefined;

/** Section names as a user writes them: "the top level", "[http_service]", "[[services.ports]]". */
function sectionName(path: string[], arrays: boolean[]): string {
  if (!path.length) return "the top level";
  const name = path.join(".");
  return arrays[arrays.length - 1] ? `[[${name}]]` : `[${name}]`;
}

function build(): Map<string, string[]> {
  const homes = new Map<string, string[]>();
  const seen = new Set<IRNode>();
  const walk = (n: IRNode, path: string[], arrays: boolean[]) => {
    if (seen.has(n) || path.length > 4) return;
    seen.add(n);
    const where = sectionName(path, arrays);
    for (const [key, i] of Object.entries(n.keys ?? {})) {
      const child = model.node(i);
      if (child.meta?.alias || child.meta?.legacy || child.meta?.coerced) continue;
      const list = homes.get(key) ?? [];
      if (!list.includes(where)) homes.set(key, [...list, where]);
      const t = model.table(child);
      if (t?.k === "table") walk(t, [...path, key], [...arrays, !!model.item(child)]);
    }
  };
  walk(model.root, [], []);
  return homes;
}

/** The sections (other than `here`) where `key` is a known key. */
export function homesOf(key: string, here: string): string[] {
  index ??= build();
  return (index.get(key) ?? []).filter((w) => w !== here);
}
