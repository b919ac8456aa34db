/** Hover: what a key, table or value does, from the fly.toml model, and what flyctl makes of a value. */
import type { TextDocument } from "vscode-languageserver-textdocument";
import { MarkupKind, type Hover, type Position } from "vscode-languageserver-types";
import type { IRNode } from "../../../schemas/ir";
import { unitName, type FlyMeta } from "../../../schemas/meta";
import { model } from "../../../schemas/runtime";
import { toRange } from "./diagnostics";
import { exposureOf, isPrivate, isPublic, typeWords, type Exposure, type Ip } from "../../../core/ips";
import { locate } from "./locate";
import { parseDocument } from "./parse";
import { secretPath } from "./secrets";
import { formatDuration, parseGoDuration } from "./text";
import { getEntry, type Node, type TableNode, type ValueNode } from "../../../core/tree";
import { appStart } from "./around/app";
import type { Around } from "./around/files";
import { evidenceWords } from "./rules/around";
import { liveOf, type Live } from "../../../core/live";
import { checksPicture, livePicture } from "./live-picture";
import { groupsOf, parseMemoryMb, parseSizeGb, serviceAround } from "./flyctl-view";

/** The type of a model node in words. */
export function typeName(n: IRNode): string {
  return model.typeNames(n).join(" or ") || "any";
}

const EXPOSURE_WORDS: Record<Exposure, string> = {
  unknown: "",
  none:
    "**This app** has no IP addresses yet: the first `fly deploy` of an app with services allocates public ones (use `fly deploy " +
    "--flycast` for a private app).",
  private:
    "**This app is private**: only a Flycast address, reached at `http://<app>.flycast` over the private network. Flycast is HTTP-only.",
  public: "**This app is public**: it has public IP addresses and no Flycast address.",
  mixed:
    "**This app is both private and public**: it has a Flycast address *and* public IPs, so its services are reachable from the " +
    "internet too.",
};

function exposureNote(path: string[], ips: readonly Ip[] | null, app: string | undefined): string | undefined {
  const exposure = exposureOf(ips);
  if (exposure === "unknown") {
    if (path[path.length - 1] === "force_https")
      return (
        "Whether this app is private is not known here (its IP addresses are not loaded). On a private (Flycast) app `force_https` " +
        "must be `false`."
      );
    return undefined;
  }
  const relevant = path[0] === "http_service" || path[0] === "services";
  if (!relevant) return undefined;
  const list = (ips ?? [])
    .filter((ip) => isPrivate(ip) || isPublic(ip))
    .map((ip) => `\`${ip.Address}\` (${typeWords(ip.Type)})`)
    .join(", ");
  return `${EXPOSURE_WORDS[exposure].replace("<app>", app ?? "<app>")}${list ? ` Addresses: ${list}.` : ""}`;
}

function keyDoc(path: string[], node: IRNode): string[] {
  const m: FlyMeta = node.meta ?? { description: "" };
  const head = `**\`${path.join(".")}\`** · ${typeName(node)}${m.default ? ` · default ${m.default}` : ""}`;
  const out = [head, "", String(m.description ?? "")];
  const values = model.enumValues(node);
  if (values && Object.keys(values).length <= 20) {
    out.push(
      "",
      ...Object.entries(values)
        .filter(([v]) => v !== "")
        .map(([v, s]) => `- \`"${v}"\`${s ? ` — ${s}` : ""}`),
    );
  }
  if (m.durationUnit)
    out.push("", `A duration such as \`"30s"\` or \`"1m30s"\`. A bare number here is read as **${unitName(m.durationUnit)}**.`);
  if (m.legacy) out.push("", `*Legacy:* ${m.legacy}`);
  if (m.coerced && node.k !== "union") out.push("", `*Legacy spelling:* write it as ${m.coerced}.`);
  return out;
}

/** What flyctl makes of a value, in a sentence, where that is not obvious. */
function valueNote(path: string[], node: IRNode, v: ValueNode): string | undefined {
  const key = path[path.length - 1];
  const m: FlyMeta = node.meta ?? { description: "" };
  if (key === "auto_stop_machines" && v.type === "boolean")
    return `flyctl reads \`${v.raw}\` as \`"${v.value ? "stop" : "off"}"\` (the legacy boolean form).`;
  if (m.durationUnit && (v.type === "integer" || v.type === "float")) {
    const ns = Number(v.value) * (m.durationUnit === "s" ? 1e9 : m.durationUnit === "ms" ? 1e6 : 1);
    return (
      `flyctl reads \`${v.raw}\` here as ${unitName(m.durationUnit)}: ` +
      `**${formatDuration(ns)}**.${m.durationUnit === "ns" ? ' Write a unit, e.g. `"10s"`.' : ""}`
    );
  }
  if (m.durationUnit && v.type === "string" && v.value !== "") {
    const ns = parseGoDuration(String(v.value));
    return ns === undefined ? "Not a duration flyctl can read." : `${formatDuration(ns)} (${+(ns / 1e9).toFixed(3)} seconds).`;
  }
  if (m.sizeUnit === "MB") {
    const mb = v.type === "string" ? parseMemoryMb(String(v.value)) : Number(v.value);
    if (mb !== undefined) return `${+mb.toFixed(2)} MB of memory${v.type !== "string" ? " (a bare number is MB)" : ""}.`;
  }
  if (m.sizeUnit === "GB") {
    const gb = parseSizeGb(String(v.value));
    if (gb !== undefined) return `${gb} GB (decimal units; a bare number is GB).`;
  }
  if ((key === "port" || key === "internal_port") && v.type === "string")
    return (
      `flyctl converts the string ${v.raw} to the integer ` +
      `${Number(v.value)}${path[0] === "http_service" ? " only in [[services]]: here it cannot read it" : ""}.`
    );
  const values = model.enumValues(node);
  if (values && v.type === "string" && values[String(v.value)]) return `\`"${v.value}"\`: ${values[String(v.value)]}`;
  return undefined;
}

/** Where the app's port comes from, read from the files around fly.toml, on a service's internal_port. */
function listenNote(text: string, root: TableNode, at: { offset: number; node?: Node }, around: Around | null): string | undefined {
  const service = serviceAround(root, at.node, at.offset);
  const app = service && appStart(text, root, around);
  if (!service || !app) return undefined;
  const group = groupsOf(root, service.table)[0];
  const l = app.listen(group);
  if (!l) return undefined;
  const host = l.host ? `${l.host.value}${l.host.how === "default" ? " (its default)" : ""}` : "an address not known here";
  const port = l.port ? `${l.port.value}${l.port.how === "default" ? " (its default)" : ""}` : "a port not known here";
  const lines = [
    `**Where the app listens** (${group}): ${l.spec.name} on host ${host}, port ${port}.`,
    "",
    `- started by ${evidenceWords(l.command)}`,
  ];
  // a flag is on the command's own line, said above
  if (l.port && l.port.how !== "default" && l.port.evidence !== l.command) lines.push(`- port from ${evidenceWords(l.port.evidence)}`);
  if (l.host && l.host.how !== "default" && l.host.evidence !== l.command) lines.push(`- host from ${evidenceWords(l.host.evidence)}`);
  lines.push(`- [${l.spec.name}: host and port](${l.spec.docs})`);
  return lines.join("\n");
}

export function hover(doc: TextDocument, position: Position, live: Live = null, around: Around | null = null): Hover | null {
  const { ips, machines } = liveOf(live);
  const text = doc.getText();
  const { root } = parseDocument(text);
  const offset = doc.offsetAt(position);
  const hit = locate(text, root, offset);
  if (!hit) return null;
  // keys of free-form tables ([env], [processes], [checks.<name>]) take the documentation of their table
  let path = hit.path;
  let node = model.at(path);
  while (path.length && !node?.meta?.description) {
    path = path.slice(0, -1);
    node = model.at(path);
  }
  if (!node || !node.meta?.description || !path.length) return null;
  const exact = path.length === hit.path.length;
  const parts: string[] = [];
  if (hit.on === "value" && hit.value && exact) {
    const note = secretPath(hit.path.join("."))
      ? undefined
      : valueNote(hit.path, hit.inArray ? (model.item(node) ?? node) : node, hit.value);
    if (note) parts.push(note, "", "---", "");
  }
  parts.push(...keyDoc(path, node));
  const appValue = getEntry(root, "app")?.value;
  const exposure = exposureNote(path, ips, appValue?.kind === "value" && appValue.type === "string" ? String(appValue.value) : undefined);
  if (exposure && (path.length <= 2 || path[path.length - 1] === "force_https")) parts.push("", exposure);
  // the node hovered: its enclosing service decides where the app listens and whose Machines are shown
  const at = { offset, node: hit.entry?.value };
  if (path[path.length - 1] === "internal_port") {
    const note = listenNote(text, root, at, around);
    if (note) parts.push("", note);
  }
  const picture = livePicture(root, path, at, machines);
  if (picture) parts.push("", picture);
  const checks = checksPicture(root, hit.path, at, machines);
  if (checks) parts.push("", checks);
  if (node.meta.docs) parts.push("", `[Fly docs](${node.meta.docs})`);
  return { contents: { kind: MarkupKind.Markdown, value: parts.join("\n") }, range: toRange(doc, hit.span) };
}
