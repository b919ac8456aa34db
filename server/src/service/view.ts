/** What flyctl makes of the document: its services, process groups and VM sizes (after its legacy patches). */
import { getEntry, getValue, stringsOf, tablesOf, type Entry, type Node, type TableNode, type ValueNode } from "../../../core/tree";
import { goString } from "../../../core/go-value";
import { GPU_DEFAULT_SIZE, VM_PRESETS } from "../../../schemas/facts";

export interface Service {
  kind: "http_service" | "services";
  table: TableNode;
  /** The entry naming the service, for ranges: `[http_service]` or `[[services]]`. */
  entry: Entry;
}

/** [http_service] first, then each non-empty [[services]] (flyctl drops empty ones), like AllServices(). */
export function servicesOf(root: TableNode): Service[] {
  const out: Service[] = [];
  const http = getEntry(root, "http_service");
  if (http && http.value.kind === "table") out.push({ kind: "http_service", table: http.value, entry: http });
  const svc = getEntry(root, "services");
  for (const t of tablesOf(svc?.value)) if (t.entries.size > 0) out.push({ kind: "services", table: t, entry: svc! });
  return out;
}

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
export function processNames(root: TableNode): { names: string[]; explicit: boolean } {
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
}

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
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b?)\s*$/i.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!m[2] && !m[3]) return n;
  if (!m[2] && m[3].toLowerCase() === "b") return n / 1024 / 1024;
  const mult: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024, p: 1024 * 1024 * 1024 };
  return n * mult[m[2].toLowerCase()];
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

/** The memory (MB) and GPU of the VM sections that apply to a group. */
export function vmFor(root: TableNode, group: string): { memoryMb?: number; gpu: boolean } {
  const vms = vmTables(root);
  const specific = vms.find((t) => stringsOf(getEntry(t, "processes")?.value).some((v) => v.value === group));
  const general = vms.find((t) => !getEntry(t, "processes"));
  const t = specific ?? general;
  if (!t) return { gpu: false };
  const size = getValue(t, "size");
  // with gpu_kind and no size, flyctl picks the GPU default preset
  const preset = VM_PRESETS[size?.type === "string" ? String(size.value) : getEntry(t, "gpu_kind") ? GPU_DEFAULT_SIZE : ""];
  let mb = preset?.memoryMb;
  const mem = getValue(t, "memory");
  if (mem) mb = mem.type === "string" ? (parseMemoryMb(String(mem.value)) ?? mb) : typeof mem.value === "number" ? mem.value : mb;
  const mm = intValue(getValue(t, "memory_mb"));
  if (mm) mb = mm;
  const gpu = !!getEntry(t, "gpu_kind") || (intValue(getValue(t, "gpus")) ?? 0) > 0 || !!preset?.gpu;
  return { memoryMb: mb, gpu };
}
