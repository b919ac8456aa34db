/** What flyctl makes of the document: its services, process groups and VM sizes (after its legacy patches). */
import {
  foldingCount,
  getEntry,
  getValue,
  stringsOf,
  tablesOf,
  type Entry,
  type Node,
  type TableNode,
  type ValueNode,
} from "../../../core/tree";
import { goString } from "../../../core/go-value";
import { GPU_DEFAULT_SIZE, VM_PRESETS } from "../../../schemas/facts";

export interface Service {
  kind: "http_service" | "services";
  table: TableNode;
  /** The entry naming the service, for ranges: `[http_service]` or `[[services]]`. */
  entry: Entry;
}

/**
 * What most checks of one document ask, one after the other: the answer for the last tree is kept, until a key of it
 * is folded (the shape check may find `[HTTP_Service]` after a hover asked). Not a WeakMap: its ephemerons made
 * every garbage collection of the analysis slower.
 */
export function perTree<T>(f: (root: TableNode) => T): (root: TableNode) => T {
  let last: TableNode | undefined;
  let at = -1;
  let answer: T;
  return (root) => {
    if (root !== last || at !== foldingCount()) [last, at, answer] = [root, foldingCount(), f(root)];
    return answer;
  };
}

/** [http_service] first, then each non-empty [[services]] (flyctl drops empty ones), like AllServices(). */
export const servicesOf: (root: TableNode) => readonly Service[] = perTree((root) => {
  const out: Service[] = [];
  const http = getEntry(root, "http_service");
  if (http && http.value.kind === "table") out.push({ kind: "http_service", table: http.value, entry: http });
  const svc = getEntry(root, "services");
  for (const t of tablesOf(svc?.value)) if (t.entries.size > 0) out.push({ kind: "services", table: t, entry: svc! });
  return out;
});

/**
 * The service a node of the document belongs to: its nearest enclosing [http_service] or [[services]] table (a
 * sub-table such as [[http_service.checks]] lies outside its service's own span, so the tree decides); without a
 * node, the service whose span holds the offset.
 */
export function serviceAround(root: TableNode, node: Node | undefined, offset: number): Service | undefined {
  const services = servicesOf(root);
  for (let n: Node | undefined = node; n; n = n.parent) {
    const s = services.find((x) => x.table === n);
    if (s) return s;
  }
  return services.find((s) => s.table.span[0] <= offset && offset <= s.table.span[1]);
}

/** [[mounts]] and the legacy [mount], as tables (one table or an array of them). */
export function mountTables(root: TableNode): TableNode[] {
  return tablesUnder(root, MOUNT_KEYS);
}

/** The span naming a [[vm]] (or [[compute]] / [[computes]]) table: its header's key, or the key that holds it. */
export function vmSpan(root: TableNode, table: TableNode): [number, number] {
  if (table.header) return table.header.lastKeySpan;
  const e = VM_KEYS.map((k) => root.entries.get(k) ?? root.folded?.get(k)).find((x) => x && tablesOf(x.value).includes(table));
  return e ? e.keySpan : table.span;
}

/** [[vm]] and its aliases [[compute]] / [[computes]]. */
export function vmTables(root: TableNode): TableNode[] {
  return tablesUnder(root, VM_KEYS);
}

const MOUNT_KEYS = ["mounts", "mount"];
const VM_KEYS = ["vm", "compute", "computes"];

/** The tables under any of the keys, in their order (a new array: callers add to it). */
function tablesUnder(root: TableNode, keys: string[]): TableNode[] {
  const out: TableNode[] = [];
  // rules ask for these many times per document: a plain loop, not flatMap's closures
  for (let i = 0; i < keys.length; i++) {
    const e = root.entries.get(keys[i]) ?? root.folded?.get(keys[i]);
    if (e) out.push(...tablesOf(e.value));
  }
  return out;
}

/** Whether any health check is defined: top-level [checks], or checks of a service. */
export function hasHealthChecks(root: TableNode): boolean {
  const top = getEntry(root, "checks")?.value;
  return (
    (top?.kind === "table" ? top.entries.size > 0 : tablesOf(top).length > 0) ||
    servicesOf(root).some((s) => ["checks", "tcp_checks", "http_checks"].some((k) => tablesOf(getEntry(s.table, k)?.value).length > 0))
  );
}

/** The span naming a table: its own header key when it has one, else the entry's key. */
export function headerSpan(table: TableNode, entry: Entry): [number, number] {
  return table.header ? table.header.lastKeySpan : entry.keySpan;
}

/** Names of [processes] (legacy [[processes]] included); ["app"] when there is no group. */
export const processNames: (root: TableNode) => { readonly names: readonly string[]; explicit: boolean } = perTree((root) => {
  const p = getEntry(root, "processes")?.value;
  const names: string[] = [];
  if (p?.kind === "table") names.push(...p.entries.keys());
  else if (p?.kind === "array")
    for (const t of tablesOf(p)) {
      // flyctl turns any name into a string (patches.go castToString)
      const n = getEntry(t, "name")?.value;
      const name = n && goString(n);
      if (name !== undefined) names.push(name);
    }
  // the names are a map's keys (one group per name)
  const unique = [...new Set(names)].sort();
  return unique.length ? { names: unique, explicit: true } : { names: ["app"], explicit: false };
});

/** flyctl's DefaultProcessName(): "app" if present, else the first name. */
export function defaultProcess(root: TableNode): string {
  const { names } = processNames(root);
  return names.includes("app") ? "app" : names[0];
}

/** The groups an item (service, mount, vm…) applies to. */
export function groupsOf(root: TableNode, item: TableNode): string[] {
  const procs = stringsOf(getEntry(item, "processes")?.value).map((v) => String(v.value));
  return procs.length ? procs : [defaultProcess(root)];
}

export function autostopOf(table: TableNode): "off" | "stop" | "suspend" | undefined {
  const v = getValue(table, "auto_stop_machines");
  if (!v) return undefined;
  if (v.type === "boolean") return v.value ? "stop" : "off";
  if (v.value === "off" || v.value === "stop" || v.value === "suspend") return v.value;
  return undefined;
}

export function intValue(v: ValueNode | undefined): number | undefined {
  if (!v) return undefined;
  if (v.type === "integer") return Number(v.value);
  if (v.type === "string" && /^\s*[+-]?\d+\s*$/.test(String(v.value))) return Number(v.value);
  return undefined;
}

/** docker/go-units RAMInBytes (binary units), in MiB; a bare number means MB. undefined if unparseable. */
export function parseMemoryMb(s: string): number | undefined {
  // helpers.ParseSize(s, units.RAMInBytes, units.MiB): strconv.Atoi first (a plain number is MB), else bytes in
  // whole MiB, rounded down ("512kb" is 0 MB, which computeToGuest refuses)
  if (/^[+-]?\d+$/.test(s)) return Number(s);
  const bytes = ramInBytes(s);
  return bytes === undefined ? undefined : Math.trunc(bytes / 1024 ** 2);
}

/** go-units v0.5.0 RAMInBytes: a number (strconv.ParseFloat), an optional space, then b or k/m/g/t/p with b or ib. */
function ramInBytes(s: string): number | undefined {
  let sep = -1;
  for (let i = s.length - 1; i >= 0; i--)
    if ("0123456789. ".includes(s[i])) {
      sep = i;
      break;
    }
  if (sep < 0) return undefined;
  const num = s[sep] === " " ? s.slice(0, sep) : s.slice(0, sep + 1);
  const sfx = s.slice(sep + 1).toLowerCase();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) return undefined;
  const size = Number(num);
  if (size < 0) return undefined;
  if (!sfx) return Math.trunc(size);
  if (sfx.length > 3) return undefined;
  if (sfx[0] === "b") return sfx.length === 1 ? Math.trunc(size) : undefined;
  const mul = ({ k: 1, m: 2, g: 3, t: 4, p: 5 } as Record<string, number>)[sfx[0]];
  if (!mul || (sfx.length === 2 && sfx[1] !== "b") || (sfx.length === 3 && sfx.slice(1) !== "ib")) return undefined;
  return Math.trunc(size * 1024 ** mul);
}

/** helpers.ParseSize with units.FromHumanSize (decimal SI) and GB as the unit: whole GB, or undefined. */
export function parseSizeGb(s: string): number | undefined {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtpe]?)(i?b?)$/i.exec(t);
  if (!m) return undefined;
  if (m[3] && !/^i?b$/i.test(m[3])) return undefined;
  const mult: Record<string, number> = { "": 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15, e: 1e18 };
  return Math.floor((Number(m[1]) * mult[m[2].toLowerCase()]) / 1e9);
}

/** What a deploy sets on a group's Machines from a [[vm]] (machines.go computeToGuest). */
interface Guest {
  table: TableNode;
  size: string;
  sizeSet: boolean;
  cpus: number;
  cpuKind: string;
  /** `cpus` is written (with `size`, the size decides). */
  cpusSet: boolean;
  memoryMb: number;
  memoryFrom: "size" | "memory" | "memory_mb";
  /** What `memory` comes to, when it is set. */
  memoryMbOfMemory?: number;
  /** A GPU: `gpu_kind`, `gpus` or a GPU preset. */
  gpu: boolean;
}

const DEFAULT_VM_SIZE = "shared-cpu-1x"; // fly-go's DefaultVMSize

/**
 * The guest a [[vm]] gives (`table`), or the one flyctl picks for a group (ComputeForGroup: the first [[vm]] naming the
 * group, else the first without processes). Undefined without a [[vm]] (the Machines keep their size), or where a
 * value cannot be read (an unknown size: vm-invalid says so).
 */
export function guestFor(root: TableNode, table?: TableNode, group?: string): Guest | undefined {
  const vms = vmTables(root);
  const t =
    table ??
    vms.find((x) => stringsOf(getEntry(x, "processes")?.value).some((v) => v.value === group)) ??
    vms.find((x) => stringsOf(getEntry(x, "processes")?.value).length === 0);
  if (!t) return undefined;
  const sizeValue = getValue(t, "size");
  const sizeSet = sizeValue?.type === "string" && sizeValue.value !== "";
  const size = sizeSet ? String(sizeValue.value) : getEntry(t, "gpu_kind") ? GPU_DEFAULT_SIZE : DEFAULT_VM_SIZE;
  const preset = VM_PRESETS[size];
  if (!preset) return undefined;
  const g: Guest = {
    table: t,
    size,
    sizeSet,
    cpus: preset.cpus,
    cpuKind: preset.cpuKind,
    cpusSet: false,
    memoryMb: preset.memoryMb,
    memoryFrom: "size",
    gpu: preset.gpu || !!getEntry(t, "gpu_kind") || (intValue(getValue(t, "gpus")) ?? 0) > 0,
  };
  const memory = getEntry(t, "memory")?.value;
  // patchCompute turns any memory value into a string first (castToString)
  const text = memory && goString(memory);
  if (text !== undefined && text !== "") {
    const mb = parseMemoryMb(text);
    if (mb === undefined || mb === 0) return undefined;
    g.memoryMb = g.memoryMbOfMemory = mb;
    g.memoryFrom = "memory";
  }
  // then the guest fields, copied over when not empty (copier IgnoreEmpty)
  const cpus = intValue(getValue(t, "cpus"));
  if (cpus) [g.cpus, g.cpusSet] = [cpus, true];
  const kind = getValue(t, "cpu_kind");
  if (kind?.type === "string" && kind.value !== "") g.cpuKind = String(kind.value);
  const mm = intValue(getValue(t, "memory_mb"));
  if (mm) [g.memoryMb, g.memoryFrom] = [mm, "memory_mb"];
  return g;
}

/** "2 shared CPUs and 1024 MB". */
export function describeGuest(g: Pick<Guest, "cpus" | "cpuKind" | "memoryMb">): string {
  return `${g.cpus} ${g.cpuKind} CPU${g.cpus === 1 ? "" : "s"} and ${g.memoryMb} MB`;
}
