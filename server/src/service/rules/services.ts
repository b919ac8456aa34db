/** Services, ports and handlers. */
import { lineEndOf, lineStartOf } from "../../../../core/lines";
import { PORT_RANGE } from "../../../../schemas/facts";
import { insertKey, removeEntry, replace, type SpanEdit } from "../../../../core/edits";
import { getEntry, getValue, stringsOf, tablesOf, type TableNode, type ValueNode } from "../../../../core/tree";
import { perTree, headerSpan, intValue, servicesOf, type Service } from "../flyctl-view";
import { fix, type RuleContext } from "./context";
import { envPort } from "./flycast";
import { cfg } from "../../../../schemas/meta";
import { defineRule } from "./rule";
import { walkSchema } from "./shape";

/** The rules of this family, one definition each (rule.ts says what each field means). */
export const SERVICES_RULES = [
  defineRule({
    id: "internal-port-missing",
    severity: "warning",
    docs: cfg("the-http_service-section"),
    title: "A service without internal_port",
    group: "services",
    fixSafety: "unsafe",
    what: "A service without `internal_port`.",
    why: "Fly Proxy does not know which port the app listens on. The fix adds the `[env] PORT` or 8080 (unsafe: a guess).",
    check: internalPortsMissing,
  }),
  defineRule({
    id: "service-no-ports",
    cases: {
      reachable: { when: "the app has a Flycast address: nothing can reach the service, Flycast included", severity: "error" },
      public: { when: "the app's addresses are public or unknown", severity: "warning" },
    },
    severity: "warning",
    docs: cfg("services-ports"),
    title: "A [[services]] without [[services.ports]]",
    group: "services",
    fixSafety: "unsafe",
    what: "A `[[services]]` entry without `[[services.ports]]`.",
    why:
      "It exposes nothing (flyctl warns: Service must expose at least one port); an error when the app is private, " +
      "where nothing can reach it. The fix adds ports 80 and 443 (unsafe: it exposes them).",
    check: servicesWithoutPorts,
  }),
  defineRule({
    id: "port-out-of-range",
    severity: "error",
    docs: cfg("services-ports"),
    title: "A port outside 1–65535 or a reversed range",
    group: "services",
    fixSafety: "none",
    what: "A port outside 1–65535, a fractional port, or a `start_port` after its `end_port`.",
    why: "It is not a port, or the range is empty: nothing can be served on it.",
    check: [walkSchema, portRanges],
  }),
  defineRule({
    id: "force-https-without-http-handler",
    severity: "error",
    docs: "https://fly.io/docs/networking/services/#http-to-https-redirects",
    title: "force_https on a port without the http handler",
    group: "services",
    fixSafety: "unsafe",
    what: "`force_https` on a port without the `http` handler.",
    why: 'Deploys fail. Remove it or add "http" to the handlers.',
    check: forceHttpsWithoutHttp,
  }),
  defineRule({
    id: "udp-handlers",
    severity: "error",
    docs: "https://fly.io/docs/networking/udp-and-tcp/",
    title: "Handlers or force_https on a UDP service",
    group: "services",
    fixSafety: "unsafe",
    what: "Handlers or `force_https` on a UDP service.",
    why: "Fly Proxy passes UDP through untouched, so they cannot apply. The fix removes them.",
    check: udpHandlers,
  }),
  defineRule({
    id: "duplicate-external-port",
    severity: "warning",
    docs: "https://fly.io/docs/launch/processes/#processes-and-services",
    title: "Two services expose the same external port",
    group: "services",
    fixSafety: "none",
    what: "Two services expose the same external port on the same protocol.",
    why:
      "Fly Proxy balances one port across every Machine that claims it, so requests land on either service; each " +
      "service needs its own port.",
    check: duplicateExternalPorts,
  }),
  defineRule({
    id: "handler-option-mismatch",
    severity: "warning",
    docs: cfg("services-ports-tls_options"),
    title: "Handler options without their handler",
    group: "services",
    fixSafety: "none",
    what: "`tls_options`, `http_options` or `proxy_proto_options` on a port without the handler they configure.",
    why: "They apply only with that handler, so they do nothing here. Add the handler or remove the options.",
    check: optionsWithoutHandler,
  }),
  defineRule({
    id: "internal-port-mismatch",
    severity: "warning",
    docs: "https://fly.io/docs/getting-started/troubleshooting/#your-app-isnt-listening-on-the-right-address",
    title: "[env] PORT differs from internal_port",
    group: "services",
    fixSafety: "unsafe",
    what: "`[env] PORT` differs from every service's `internal_port`.",
    why:
      "If the app listens on `$PORT`, Fly Proxy forwards to a port nothing listens on. The fix sets `internal_port` to " +
      "PORT when there is one service.",
    check: internalPortMismatch,
  }),
];

const PORT_PAIR = (indent: string) =>
  [
    `${indent}[[services.ports]]`,
    `${indent}  port = 80`,
    `${indent}  handlers = ["http"]`,
    "",
    `${indent}[[services.ports]]`,
    `${indent}  port = 443`,
    `${indent}  handlers = ["tls", "http"]`,
  ].join("\n");

function portsEdit(text: string, service: TableNode): SpanEdit | undefined {
  const ports = getEntry(service, "ports");
  if (ports?.value.kind === "array" && !ports.value.ofTables && ports.value.items.length === 0) {
    return replace(ports.value.span, '[{ port = 80, handlers = ["http"] }, { port = 443, handlers = ["tls", "http"] }]');
  }
  if (ports || (service.form !== "array-item" && service.form !== "header")) return undefined;
  // after the service's own key/values, before its sub-tables
  let end = service.header!.span[1];
  for (const e of service.entries.values()) if (e.kv) end = Math.max(end, e.lineSpan[1]);
  const at = lineEndOf(text, end);
  const ls = lineStartOf(text, service.header!.span[0]);
  const indent = /^[ \t]*/.exec(text.slice(ls))![0];
  return { span: [at, at], newText: `\n\n${PORT_PAIR(indent)}` };
}

interface ExternalPort {
  from: number;
  to: number;
  /** A UDP port and a TCP port of one number are two sockets; only one protocol's ports clash (real-world 0087.toml). */
  udp: boolean;
  span: [number, number];
  owner: string;
}

/** How messages name a service: "[http_service]", or "[[services]] #2" (counted from 1 among [[services]]). */
function ownerOf(services: readonly Service[], i: number): string {
  const s = services[i];
  return s.kind === "http_service" ? "[http_service]" : `[[services]] #${i + (services[0].kind === "http_service" ? 0 : 1)}`;
}

/** Each [[services.ports]] table, with whether its service is UDP. */
const portTables = perTree((root): { p: TableNode; udp: boolean }[] =>
  servicesOf(root)
    .filter((s) => s.kind === "services")
    .flatMap((s) => {
      const udp = getValue(s.table, "protocol")?.value === "udp";
      return tablesOf(getEntry(s.table, "ports")?.value).map((p) => ({ p, udp }));
    }),
);

function internalPortsMissing(ctx: RuleContext): void {
  const services = servicesOf(ctx.root);
  for (const [i, s] of services.entries()) {
    if (getEntry(s.table, "internal_port")) continue;
    const port = envPort(ctx.root) ?? 8080;
    ctx.report(
      "internal-port-missing",
      headerSpan(s.table, s.entry),
      `${ownerOf(services, i)} has no \`internal_port\`, so Fly Proxy does not know which port the app listens on; add ` +
        `\`internal_port = ${port}\` (the port the app binds on 0.0.0.0).`,
      {
        fixes: [fix(`Add internal_port = ${port}`, [insertKey(ctx.text, s.table, `internal_port = ${port}`)])],
      },
    );
  }
}

function servicesWithoutPorts(ctx: RuleContext): void {
  const { text, exposure } = ctx;
  const services = servicesOf(ctx.root);
  for (const [i, s] of services.entries()) {
    if (s.kind !== "services" || tablesOf(getEntry(s.table, "ports")?.value).length) continue;
    const owner = ownerOf(services, i);
    const edit = portsEdit(text, s.table);
    const reachable = exposure === "private" || exposure === "mixed";
    ctx.report(
      "service-no-ports",
      headerSpan(s.table, s.entry),
      reachable
        ? `${owner} has no \`[[services.ports]]\`, so nothing can reach it, Flycast included; add the ports it serves.`
        : `${owner} has no \`[[services.ports]]\`, so Fly Proxy exposes nothing for it (flyctl warns: "Service must expose at least one ` +
            `port"); add the ports it serves.`,
      { case: reachable ? "reachable" : "public", fixes: edit ? [fix("Add ports 80 (http) and 443 (tls, http)", [edit])] : [] },
    );
  }
}

/** Internal and external port numbers, and port ranges that are empty. */
function portRanges(ctx: RuleContext): void {
  for (const s of servicesOf(ctx.root)) checkPort(ctx, getValue(s.table, "internal_port"), "internal_port");
  for (const { p } of portTables(ctx.root)) {
    const start = getValue(p, "start_port");
    const endNode = getValue(p, "end_port");
    checkPort(ctx, getValue(p, "port"), "port");
    checkPort(ctx, start, "start_port");
    checkPort(ctx, endNode, "end_port");
    const a = intValue(start);
    const b = intValue(endNode);
    if (a !== undefined && b !== undefined && a > b)
      ctx.report("port-out-of-range", start!.span, `start_port (${a}) is after end_port (${b}); the range is empty.`);
  }
}

/** The external ports of every service ([http_service] has 80 and 443), for duplicate-external-port. */
function externalPorts(ctx: RuleContext): ExternalPort[] {
  const services = servicesOf(ctx.root);
  const external: ExternalPort[] = [];
  for (const [i, s] of services.entries()) {
    const owner = ownerOf(services, i);
    if (s.kind === "http_service") {
      const span = headerSpan(s.table, s.entry);
      external.push({ from: 80, to: 80, udp: false, span, owner }, { from: 443, to: 443, udp: false, span, owner });
      continue;
    }
    const udp = getValue(s.table, "protocol")?.value === "udp";
    for (const p of tablesOf(getEntry(s.table, "ports")?.value)) {
      const portNode = getValue(p, "port");
      const start = getValue(p, "start_port");
      const a = intValue(start);
      const b = intValue(getValue(p, "end_port"));
      const pn = intValue(portNode);
      if (pn !== undefined) external.push({ from: pn, to: pn, udp, span: portNode!.span, owner });
      else if (a !== undefined && b !== undefined && a <= b) external.push({ from: a, to: b, udp, span: start!.span, owner });
    }
  }
  return external;
}

/** Port options and the handler each needs. */
const OPTION_HANDLERS: readonly (readonly [string, string])[] = [
  ["tls_options", "tls"],
  ["http_options", "http"],
  ["proxy_proto_options", "proxy_proto"],
];

const handlersOf = (p: TableNode) => stringsOf(getEntry(p, "handlers")?.value).map((h) => String(h.value));

function udpHandlers(ctx: RuleContext): void {
  for (const { p, udp } of portTables(ctx.root)) {
    if (!udp) continue;
    const handlersEntry = getEntry(p, "handlers");
    for (const e of [handlersEntry, getEntry(p, "force_https")]) {
      if (!e || (e === handlersEntry && handlersOf(p).length === 0)) continue;
      ctx.report(
        "udp-handlers",
        e.keySpan,
        `UDP ports cannot have ${e.key === "handlers" ? "handlers" : "force_https"}: Fly Proxy passes UDP through untouched; remove ` +
          `\`${e.key}\`.`,
        {
          fixes: [fix(`Remove ${e.key}`, [removeEntry(ctx.text, e)])],
        },
      );
    }
  }
}

function forceHttpsWithoutHttp(ctx: RuleContext): void {
  for (const { p, udp } of portTables(ctx.root)) {
    const forceEntry = getEntry(p, "force_https");
    if (udp || forceEntry?.value.kind !== "value" || forceEntry.value.value !== true || handlersOf(p).includes("http")) continue;
    ctx.report(
      "force-https-without-http-handler",
      forceEntry.keySpan,
      '`force_https` needs the `http` handler on this port (deploys fail without it); remove it, or add "http" to handlers.',
      {
        fixes: [fix("Remove force_https", [removeEntry(ctx.text, forceEntry)])],
      },
    );
  }
}

function optionsWithoutHandler(ctx: RuleContext): void {
  for (const { p } of portTables(ctx.root)) {
    const handlers = handlersOf(p);
    for (const [key, handler] of OPTION_HANDLERS) {
      const e = getEntry(p, key);
      if (e && !handlers.includes(handler) && !(key === "tls_options" && handlers.includes("pg_tls"))) {
        ctx.report(
          "handler-option-mismatch",
          e.keySpan,
          `\`${key}\` only applies with the \`${handler}\` handler, which this port does not have; add "${handler}" to handlers or ` +
            `remove \`${key}\`.`,
        );
      }
    }
  }
}

function duplicateExternalPorts(ctx: RuleContext): void {
  const external = externalPorts(ctx);
  for (let i = 0; i < external.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = external[j];
      const b = external[i];
      if (a.udp !== b.udp || a.from > b.to || b.from > a.to) continue;
      const lo = Math.max(a.from, b.from);
      const hi = Math.min(a.to, b.to);
      const what = `${b.udp ? "UDP " : ""}${lo === hi ? `port ${lo}` : `ports ${lo}–${hi}`}`;
      ctx.report(
        "duplicate-external-port",
        b.span,
        `External ${what} is exposed by ${a.owner === b.owner ? `${b.owner} twice` : `${a.owner} and ${b.owner}`}; Fly Proxy balances ` +
          `one port across every Machine that claims it, so give each service its own external port.`,
      );
      break;
    }
  }
}

function internalPortMismatch(ctx: RuleContext): void {
  const services = servicesOf(ctx.root);
  const pEnv = envPort(ctx.root);
  if (pEnv === undefined) return;
  const internals = services.map((s) => ({ s, v: getValue(s.table, "internal_port") })).filter((x) => x.v);
  if (!internals.length || internals.some((x) => intValue(x.v) === pEnv)) return;
  const target = internals[0];
  ctx.report(
    "internal-port-mismatch",
    target.v!.span,
    `[env] PORT is ${pEnv} but internal_port is ${target.v!.raw}: if the app listens on $PORT, Fly Proxy forwards to a port nothing ` +
      `listens on; set internal_port to ${pEnv} (or change PORT).`,
    { fixes: internals.length === 1 ? [fix(`Set internal_port = ${pEnv}`, [replace(target.v!.span, String(pEnv))])] : [] },
  );
}

function checkPort(ctx: RuleContext, v: ValueNode | undefined, key: string): void {
  const n = intValue(v);
  if (n === undefined) return;
  if (n < PORT_RANGE.min || n > PORT_RANGE.max)
    ctx.report(
      "port-out-of-range",
      v!.span,
      `\`${key} = ${v!.raw}\` is not a port: use a number from ${PORT_RANGE.min} to ${PORT_RANGE.max}.`,
    );
}
