/** Services, ports and handlers. */
import { lineEndOf, lineStartOf } from "../../../../core/lines";
import { insertKey, removeEntry, replace, type SpanEdit } from "../../../../core/edits";
import { getEntry, getValue, stringsOf, tablesOf, type TableNode, type ValueNode } from "../../../../core/tree";
import { headerSpan, intValue, servicesOf } from "../view";
import { fix, type RuleContext } from "./context";
import { envPort } from "./flycast";

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
  const ports = service.entries.get("ports");
  if (ports?.value.kind === "array" && !ports.value.ofTables && ports.value.items.length === 0) {
    return replace(ports.value.span, '[{ port = 80, handlers = ["http"] }, { port = 443, handlers = ["tls", "http"] }]');
  }
  if (ports || service.form !== "array-item" && service.form !== "header") return undefined;
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
  node: ValueNode | undefined;
  span: [number, number];
  owner: string;
}

export function servicesRules(ctx: RuleContext): void {
  const { root, text, exposure } = ctx;
  const services = servicesOf(root);
  const external: ExternalPort[] = [];
  const pEnv = envPort(root);

  for (const [i, s] of services.entries()) {
    const t = s.table;
    const owner = s.kind === "http_service" ? "[http_service]" : `[[services]] #${i + (services[0].kind === "http_service" ? 0 : 1)}`;
    const span = headerSpan(t, s.entry);
    const internal = getValue(t, "internal_port");
    checkPort(ctx, internal, "internal_port");

    if (!getEntry(t, "internal_port")) {
      const port = pEnv ?? 8080;
      ctx.report("internal-port-missing", span, `${owner} has no \`internal_port\`, so Fly Proxy does not know which port the app listens on; add \`internal_port = ${port}\` (the port the app binds on 0.0.0.0).`, {
        fixes: [fix(`Add internal_port = ${port}`, [insertKey(text, t, `internal_port = ${port}`)])],
      });
    }

    if (s.kind === "http_service") {
      external.push({ from: 80, to: 80, node: undefined, span, owner }, { from: 443, to: 443, node: undefined, span, owner });
      continue;
    }

    const protocol = getValue(t, "protocol");
    const udp = protocol?.value === "udp";
    const ports = tablesOf(t.entries.get("ports")?.value);
    if (ports.length === 0) {
      const edit = portsEdit(text, t);
      ctx.report(
        "service-no-ports",
        span,
        exposure === "private" || exposure === "mixed"
          ? `${owner} has no \`[[services.ports]]\`, so nothing can reach it, Flycast included; add the ports it serves.`
          : `${owner} has no \`[[services.ports]]\`, so Fly Proxy exposes nothing for it (flyctl warns: "Service must expose at least one port"); add the ports it serves.`,
        { severity: exposure === "private" || exposure === "mixed" ? "error" : "warning", fixes: edit ? [fix("Add ports 80 (http) and 443 (tls, http)", [edit])] : [] },
      );
    }

    for (const p of ports) {
      const portNode = getValue(p, "port");
      const start = getValue(p, "start_port");
      const endNode = getValue(p, "end_port");
      checkPort(ctx, portNode, "port");
      checkPort(ctx, start, "start_port");
      checkPort(ctx, endNode, "end_port");
      const a = intValue(start);
      const b = intValue(endNode);
      if (a !== undefined && b !== undefined && a > b) {
        ctx.report("port-out-of-range", start!.span, `start_port (${a}) is after end_port (${b}); the range is empty.`);
      }
      const pn = intValue(portNode);
      if (pn !== undefined) external.push({ from: pn, to: pn, node: portNode, span: portNode!.span, owner });
      else if (a !== undefined && b !== undefined && a <= b) external.push({ from: a, to: b, node: start, span: start!.span, owner });

      const handlersEntry = getEntry(p, "handlers");
      const handlers = stringsOf(handlersEntry?.value).map((h) => String(h.value));
      const forceEntry = getEntry(p, "force_https");
      if (udp) {
        for (const e of [handlersEntry, forceEntry]) {
          if (!e) continue;
          if (e === handlersEntry && handlers.length === 0) continue;
          ctx.report("udp-handlers", e.keySpan, `UDP ports cannot have ${e.key === "handlers" ? "handlers" : "force_https"}: Fly Proxy passes UDP through untouched; remove \`${e.key}\`.`, {
            fixes: [fix(`Remove ${e.key}`, [removeEntry(text, e)])],
          });
        }
      } else if (forceEntry && forceEntry.value.kind === "value" && forceEntry.value.value === true && !handlers.includes("http")) {
        ctx.report("force-https-without-http-handler", forceEntry.keySpan, "`force_https` needs the `http` handler on this port (deploys fail without it); remove it, or add \"http\" to handlers.", {
          fixes: [fix("Remove force_https", [removeEntry(text, forceEntry)])],
        });
      }
      const needs: [string, string][] = [["tls_options", "tls"], ["http_options", "http"], ["proxy_proto_options", "proxy_proto"]];
      for (const [key, handler] of needs) {
        const e = getEntry(p, key);
        if (e && !handlers.includes(handler) && !(key === "tls_options" && handlers.includes("pg_tls"))) {
          ctx.report("handler-option-mismatch", e.keySpan, `\`${key}\` only applies with the \`${handler}\` handler, which this port does not have; add "${handler}" to handlers or remove \`${key}\`.`);
        }
      }
    }
  }

  // duplicate-external-port
  for (let i = 0; i < external.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = external[j];
      const b = external[i];
      if (a.from <= b.to && b.from <= a.to) {
        const lo = Math.max(a.from, b.from);
        const hi = Math.min(a.to, b.to);
        const what = lo === hi ? `port ${lo}` : `ports ${lo}–${hi}`;
        ctx.report(
          "duplicate-external-port",
          b.span,
          `External ${what} is exposed by ${a.owner === b.owner ? `${b.owner} twice` : `${a.owner} and ${b.owner}`}; Fly Proxy balances one port across every Machine that claims it, so give each service its own external port.`,
        );
        break;
      }
    }
  }

  // internal-port-mismatch
  if (pEnv !== undefined) {
    const internals = services.map((s) => ({ s, v: getValue(s.table, "internal_port") })).filter((x) => x.v);
    const values = internals.map((x) => intValue(x.v));
    if (internals.length && !values.includes(pEnv)) {
      const target = internals[0];
      ctx.report(
        "internal-port-mismatch",
        target.v!.span,
        `[env] PORT is ${pEnv} but internal_port is ${target.v!.raw}: if the app listens on $PORT, Fly Proxy forwards to a port nothing listens on; set internal_port to ${pEnv} (or change PORT).`,
        { fixes: internals.length === 1 ? [fix(`Set internal_port = ${pEnv}`, [replace(target.v!.span, String(pEnv))])] : [] },
      );
    }
  }
}

function checkPort(ctx: RuleContext, v: ValueNode | undefined, key: string): void {
  const n = intValue(v);
  if (n === undefined) return;
  if (n < 1 || n > 65535) ctx.report("port-out-of-range", v!.span, `\`${key} = ${v!.raw}\` is not a port: use a number from 1 to 65535.`);
}

