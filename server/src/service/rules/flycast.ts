/** Flycast and private apps: the rules that depend on the app's IP addresses, and binding. */
import { COMMANDS } from "../../../../core/protocol";
import { replace } from "../../../../core/edits";
import { isPublic } from "../../../../core/ips";
import { getEntry, getTable, getValue, tablesOf, type Entry, type TableNode, type ValueNode } from "../../../../core/tree";
import { perTree, headerSpan, intValue, servicesOf } from "../flyctl-view";
import { fix, type RuleContext } from "./context";
import { defineRule } from "./rule";

const FLYCAST = "https://fly.io/docs/networking/flycast/#flycast-requirements";

/** The rules of this family, one definition each (rule.ts says what each field means). */
export const FLYCAST_RULES = [
  defineRule({
    id: "flycast-force-https",
    cases: {
      private: { when: "the app has only a Flycast address", severity: "error", fixSafety: "safe" },
      // with public IPs too, the redirect still serves public traffic: turning it off changes what they get
      mixed: { when: "the app also has public addresses, where the redirect still serves", severity: "warning", fixSafety: "unsafe" },
    },
    needs: ["ips"],
    privateWhy: "Flycast is HTTP-only, so the HTTPS redirect cannot work",
    severity: "error",
    docs: FLYCAST,
    title: "force_https = true on a private (Flycast) app",
    group: "flycast",
    fixSafety: "safe",
    what: "`force_https = true` on an app with a Flycast address.",
    why:
      "Flycast is HTTP-only, so every private request gets a redirect to HTTPS that cannot work. With public IPs too, " +
      "the redirect still serves public traffic, so there turning it off changes what they get.",
    check: forceHttpsOnFlycast,
  }),
  defineRule({
    id: "flycast-needs-service",
    needs: ["ips"],
    privateWhy: "Fly Proxy needs a service to route Flycast requests to",
    severity: "error",
    docs: FLYCAST,
    title: "A Flycast address but no service to route it",
    group: "flycast",
    fixSafety: "unsafe",
    what: "The app has a Flycast address but no `[http_service]` and no `[[services]]` with a port.",
    why:
      "Fly Proxy has nothing to route `<app>.flycast` to. The fix adds the private `[http_service]` of the Flycast " +
      "blueprint; it is unsafe because it adds a service.",
    check: flycastWithoutService,
  }),
  defineRule({
    id: "private-app-has-public-ips",
    clientFix: { title: "Release the public IPs of this app…", command: COMMANDS.releasePublic, named: "Release public IPs" },
    needs: ["ips"],
    severity: "warning",
    docs: FLYCAST,
    title: "A private app that still has public IPs",
    group: "flycast",
    fixSafety: "none",
    what: "The app has a Flycast address and public IPs too.",
    why:
      "Its services are reachable from the internet, which a private app is meant not to be. Release the public ones " +
      "(`fly ips release`, or Release public IPs in the VS Code view).",
    check: publicIpsOfPrivateApp,
  }),
  defineRule({
    id: "public-ips-on-first-deploy",
    needs: ["ips"],
    severity: "info",
    docs: "https://fly.io/docs/networking/app-services/#public-apps",
    title: "The first deploy will allocate public IPs",
    group: "flycast",
    fixSafety: "none",
    what: "The app has services and no IP addresses yet.",
    why:
      "The first `fly deploy` allocates public ones. For a private app deploy with `fly deploy --flycast`, or allocate " +
      "a Flycast address first.",
    check: firstDeployAllocates,
  }),
  defineRule({
    id: "bind-localhost",
    severity: "warning",
    docs: "https://fly.io/docs/blueprints/autostart-internal-apps/#make-sure-your-app-binds-to-0-0-0-0-port",
    title: "The app binds a loopback address",
    group: "flycast",
    fixSafety: "unsafe",
    what: "A command or `[env]` value makes the app bind `127.0.0.1`, `localhost`, `::1` or `fly-local-6pn`.",
    why:
      "Fly Proxy cannot reach those: neither public traffic nor Flycast gets through. Bind `0.0.0.0` on the internal " +
      "port (the fix is unsafe: it changes where the app listens).",
    check: loopbackBinds,
  }),
  defineRule({
    id: "internal-address-no-wake",
    severity: "info",
    docs: "https://fly.io/docs/networking/private-networking/#fly-io-internal-dns",
    title: ".internal addresses never wake stopped Machines",
    group: "flycast",
    fixSafety: "unsafe",
    what: "An `[env]` value points at `<app>.internal`.",
    why:
      "`.internal` names resolve only to Machines that are running, so they never wake a stopped one; an app that " +
      "autostops is reached through `<app>.flycast`.",
    check: internalAddresses,
  }),
  defineRule({
    id: "flycast-https-url",
    privateWhy: "Flycast is HTTP-only",
    severity: "warning",
    docs: FLYCAST,
    title: "An https:// URL to a .flycast address",
    group: "flycast",
    fixSafety: "safe",
    what: "An `https://` URL to a `.flycast` address in `[env]`.",
    why: "Flycast is HTTP-only (Fly Proxy does not terminate TLS there), so the URL cannot work; the fix uses `http://`.",
    check: flycastHttpsUrls,
  }),
];

function appSpan(ctx: RuleContext): [number, number] {
  const app = getEntry(ctx.root, "app");
  if (app) return app.keySpan;
  const firstLine = ctx.text.indexOf("\n");
  return [0, firstLine < 0 ? ctx.text.length : firstLine];
}

/** The private [http_service] of the Flycast blueprint. */
export function privateHttpService(port: number): string {
  return [
    "[http_service]",
    `  internal_port = ${port}`,
    "  force_https = false",
    '  auto_stop_machines = "stop"',
    "  auto_start_machines = true",
    "  min_machines_running = 0",
    "  [http_service.concurrency]",
    '    type = "requests"',
    "    soft_limit = 20",
    "    hard_limit = 25",
  ].join("\n");
}

export function envPort(root: TableNode): number | undefined {
  const p = intValue(getValue(root, "env", "PORT"));
  return p && p > 0 && p < 65536 ? p : undefined;
}

function forceHttpsOnFlycast(ctx: RuleContext): void {
  const { exposure, root } = ctx;
  if (exposure !== "private" && exposure !== "mixed") return;
  const forced: ValueNode[] = [];
  const v = getValue(getTable(root, "http_service"), "force_https");
  if (v?.value === true) forced.push(v);
  for (const s of servicesOf(root).filter((s) => s.kind === "services"))
    for (const port of tablesOf(getEntry(s.table, "ports")?.value)) {
      const p = getValue(port, "force_https");
      if (p?.value === true) forced.push(p);
    }
  for (const node of forced) {
    const why =
      exposure === "private"
        ? "This app is private (only a Flycast address) and Flycast is HTTP-only, so `force_https = true` answers every private " +
          "request with a redirect to HTTPS that cannot work"
        : "This app has a Flycast address, and Flycast is HTTP-only: `force_https = true` redirects every private request to HTTPS, " +
          "which cannot work";
    ctx.report("flycast-force-https", node.span, `${why}; set \`force_https = false\`.`, {
      case: exposure,
      fixes: [fix("Set force_https = false", [replace(node.span, "false")])],
    });
  }
}

function flycastWithoutService(ctx: RuleContext): void {
  const { exposure, root, text } = ctx;
  if (exposure !== "private" && exposure !== "mixed") return;
  const routable = servicesOf(root).some((s) => s.kind === "http_service" || tablesOf(getEntry(s.table, "ports")?.value).length > 0);
  if (routable) return;
  const port = envPort(root) ?? 8080;
  const nl = text === "" || text.endsWith("\n") ? "" : "\n";
  ctx.report(
    "flycast-needs-service",
    appSpan(ctx),
    "This app has a Flycast address but no `[http_service]` and no `[[services]]` with a port, so Fly Proxy has nothing to route " +
      "`<app>.flycast` to; add a private `[http_service]`.",
    {
      fixes: [
        fix("Add a private [http_service] (Flycast blueprint)", [
          { span: [text.length, text.length], newText: `${nl}\n${privateHttpService(port)}\n` },
        ]),
      ],
    },
  );
}

/** The header of the first service: where the rules about the app's addresses as a whole report. */
function firstServiceSpan(ctx: RuleContext): [number, number] | undefined {
  const first = servicesOf(ctx.root)[0];
  return first && headerSpan(first.table, first.entry);
}

function publicIpsOfPrivateApp(ctx: RuleContext): void {
  const span = ctx.exposure === "mixed" ? firstServiceSpan(ctx) : undefined;
  if (!span) return;
  const pub = (ctx.ips ?? []).filter(isPublic).map((ip) => ip.Address);
  ctx.report(
    "private-app-has-public-ips",
    span,
    `This app has a Flycast address but also public IPs (${pub.join(", ")}), so its services are reachable from the internet too; ` +
      `release them with \`fly ips release ${pub.join(" ")}\` (or "Release public IPs" in the Fly Apps view).`,
  );
}

function firstDeployAllocates(ctx: RuleContext): void {
  const span = ctx.exposure === "none" ? firstServiceSpan(ctx) : undefined;
  if (!span) return;
  ctx.report(
    "public-ips-on-first-deploy",
    span,
    "This app has no IP addresses yet, and the first `fly deploy` of an app with services allocates public ones; for a private app " +
      "deploy with `fly deploy --flycast`, or run `fly ips allocate-v6 --private` first.",
  );
}

const LOOPBACK = /(?<![\w.-])(127\.0\.0\.1|localhost|\[::1\]|::1|fly-local-6pn)(?![\w-])/g;
/** [env] names that hold the address an app binds. */
const BIND_ENV = new RegExp(
  [
    "HOST|HOSTNAME|BIND|ADDR|ADDRESS|LISTEN|APP_HOST",
    "(BIND|LISTEN)_(ADDR|ADDRESS|HOST|IP)",
    "SERVER_(HOST|ADDR|ADDRESS|BIND)",
    "HTTP_(HOST|BIND|LISTEN)(_ADDR(ESS)?)?",
    "UVICORN_HOST|GUNICORN_BIND|PUMA_BIND",
  ]
    .map((alternatives) => `^(${alternatives})$`)
    .join("|"),
  "i",
);
const BIND_FLAG = /^(-b|--bind|-h|-H|--host|--hostname|--listen|--addr|--address|--ip|--http-host|--server-host|-a)$/;

/** Spans of loopback hosts in a single-line string value that the app would bind. */
function loopbacks(node: ValueNode, isCommand: boolean): [number, number][] {
  if (node.type !== "string" || node.quote === '"""' || node.quote === "'''") return [];
  const raw = node.raw;
  const out: [number, number][] = [];
  for (const m of raw.matchAll(LOOPBACK)) {
    const at = m.index!;
    if (isCommand) {
      const before = raw.slice(0, at);
      const prevWord = /(\S+)\s+$/.exec(before)?.[1]?.replace(/^["']/, "");
      const assigned = /(--?[\w-]+)=["']?$/.exec(before)?.[1];
      const withPort = /^:\d+/.test(raw.slice(at + m[0].length));
      const isBind = (prevWord && BIND_FLAG.test(prevWord)) || (assigned && BIND_FLAG.test(assigned)) || withPort;
      if (!isBind || /(https?|postgres(ql)?|redis|mysql):\/\/\S*$/.test(before)) continue;
    }
    out.push([node.span[0] + at, node.span[0] + at + m[0].length]);
  }
  return out;
}

function loopbackBinds(ctx: RuleContext): void {
  const { root } = ctx;
  const targets: { node: ValueNode; where: string; command: boolean }[] = [];
  const procs = getEntry(root, "processes")?.value;
  if (procs?.kind === "table")
    for (const e of procs.entries.values())
      if (e.value.kind === "value") targets.push({ node: e.value, where: `process \`${e.key}\``, command: true });
  const exp = getTable(root, "experimental");
  for (const k of ["cmd", "exec", "entrypoint"]) {
    const v = getEntry(exp, k)?.value;
    const items = v?.kind === "array" ? v.items : v ? [v] : [];
    const words = items.filter((i): i is ValueNode => i.kind === "value");
    // in an argv array the flag and the host are separate items
    words.forEach((w, i) => {
      const prev = words[i - 1];
      const flagBefore = prev && typeof prev.value === "string" && BIND_FLAG.test(prev.value);
      targets.push({ node: w, where: `\`experimental.${k}\``, command: !flagBefore });
    });
  }
  const env = getTable(root, "env");
  for (const e of env?.entries.values() ?? [])
    if (BIND_ENV.test(e.key) && e.value.kind === "value") targets.push({ node: e.value, where: `\`${e.key}\``, command: false });
  // fly-local-6pn is the right bind for apps reached only over .internal; it is wrong once Fly Proxy routes to the app
  const proxied = servicesOf(root).length > 0;
  for (const t of targets) {
    for (const span of loopbacks(t.node, t.command)) {
      const host = ctx.text.slice(span[0], span[1]);
      if (host === "fly-local-6pn" && !proxied) continue;
      ctx.report(
        "bind-localhost",
        span,
        `${t.where} binds \`${host}\`, which Fly Proxy cannot reach (neither public traffic nor Flycast); bind \`0.0.0.0\` on the ` +
          `internal port instead.`,
        { fixes: [fix("Bind 0.0.0.0", [replace(span, "0.0.0.0")])] },
      );
    }
  }
}

const INTERNAL = /(?<![\w.-])((?:[\w-]+\.)*?)([a-z0-9][\w-]*)\.internal(?![\w-])(:\d+)?/gi;
const FLYCAST_HTTPS = /https:\/\/([\w.-]+\.flycast)\b/gi;

/** The single-line plain string values of [env] (a URL in a multi-line or escaped string is left alone). */
const envStrings = perTree((root) => {
  const out: { e: Entry; v: ValueNode }[] = [];
  for (const e of getTable(root, "env")?.entries.values() ?? []) {
    const v = e.value;
    if (v.kind !== "value" || v.type !== "string" || v.quote === '"""' || v.quote === "'''" || v.raw.includes("\\")) continue;
    out.push({ e, v });
  }
  return out;
});

function flycastHttpsUrls(ctx: RuleContext): void {
  // most values name no .flycast: a plain search is much cheaper than the full pattern
  for (const { e, v } of envStrings(ctx.root)) {
    if (!/\.flycast/i.test(v.raw)) continue;
    for (const m of v.raw.matchAll(FLYCAST_HTTPS)) {
      const s = v.span[0] + m.index!;
      ctx.report(
        "flycast-https-url",
        [s, s + m[0].length],
        `\`${e.key}\` uses https:// for a .flycast address, but Flycast is HTTP-only (Fly Proxy does not terminate TLS there); use ` +
          `http://.`,
        {
          fixes: [fix("Use http://", [replace([s, s + "https://".length], "http://")])],
        },
      );
    }
  }
}

function internalAddresses(ctx: RuleContext): void {
  for (const { e, v } of envStrings(ctx.root)) if (/\.internal/i.test(v.raw)) envInternal(ctx, e, v);
}

function envInternal(ctx: RuleContext, e: Entry, v: ValueNode): void {
  for (const m of v.raw.matchAll(INTERNAL)) {
    const s = v.span[0] + m.index!;
    const end = s + m[0].length;
    const app = m[2];
    if (app.toLowerCase() === "vm" || /^(localhost)$/i.test(app)) continue;
    const before = v.raw.slice(0, m.index!);
    const isHttp = /http:\/\/$/.test(before);
    const replacement = isHttp ? `${app}.flycast` : `${app}.flycast${m[3] ?? ""}`;
    ctx.report(
      "internal-address-no-wake",
      [s, end],
      `\`${e.key}\` points at \`${m[0]}\`: .internal names resolve only to Machines already running, so they never wake a stopped ` +
        `Machine; if ${app} autostops, use \`${app}.flycast\` and the service's external port.`,
      { fixes: [fix(`Use ${replacement}`, [replace([s, end], replacement)], false)] },
    );
  }
}
