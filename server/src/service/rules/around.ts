/**
 * The files around fly.toml: what the app really listens on (its Dockerfile, package.json, the [processes]
 * commands) against what the services forward to. Silent wherever the evidence stops (see ../around/).
 */
import { replace } from "../../../../core/edits";
import { getValue } from "../../../../core/tree";
import { flagFor, listenEverywhereWords, withFlag } from "../around/edit";
import { dockerEvidence, type AppStart } from "../around/app";
import { isLoopback, type Evidence, type Listen } from "../around/listen";
import { groupsOf, intValue, servicesOf } from "../flyctl-view";
import { fix, type FileFix, type RuleContext } from "./context";
import { defineRule } from "./rule";

const NOT_LISTENING = "https://fly.io/docs/getting-started/troubleshooting/#your-app-isnt-listening-on-the-right-address";

export const AROUND_RULES = [
  defineRule({
    id: "app-binds-loopback",
    needs: ["files"],
    severity: "warning",
    docs: "https://fly.io/docs/blueprints/autostart-internal-apps/#make-sure-your-app-binds-to-0-0-0-0-port",
    title: "The start command listens on a loopback address",
    group: "flycast",
    fixSafety: "none",
    what:
      "The command that starts the app (the Dockerfile's `CMD`/`ENTRYPOINT`, a `[processes]` command, or the " +
      "package.json script they run) makes it listen on `127.0.0.1` or `localhost`, explicitly or by the server's " +
      "default (uvicorn, gunicorn, flask run, Django's runserver, vite…). Reported on the service's `internal_port`, " +
      "pointing at the line found; silent when the evidence is not clear (no Dockerfile, a prebuilt image or a " +
      "builder, a wrapper script, a variable it cannot resolve, a server it does not know).",
    why:
      "Fly Proxy cannot reach the app there: neither public traffic nor Flycast gets through, and flyctl says so only " + "after a deploy.",
    check: listenWhereProxyForwards,
  }),
  defineRule({
    id: "app-port-differs",
    needs: ["files"],
    severity: "warning",
    docs: NOT_LISTENING,
    title: "internal_port differs from the port the app listens on",
    group: "services",
    fixSafety: "unsafe",
    what:
      "The service forwards to `internal_port`, but the command that starts the app makes it listen on another port (a " +
      "flag, `$PORT` from the Dockerfile's `ENV`, the server's default, or — when it is the only evidence — the one " +
      "port the Dockerfile `EXPOSE`s). Silent where the evidence stops, and where a process group serves several ports.",
    why:
      "Fly Proxy then forwards to a port nothing listens on: a private app's Flycast requests hang. The fix sets " +
      "`internal_port` to the port found (unsafe: the command may be what is wrong).",
    check: listenWhereProxyForwards,
  }),
];

/** The file an evidence is in, by its name ("Dockerfile"; fly.toml itself for an empty path). */
const fileName = (path: string) => (path ? path.slice(path.lastIndexOf("/") + 1) : "fly.toml");

/** "Dockerfile line 12: CMD [...]" or "fly.toml line 4: [processes] web = …". */
export function evidenceWords(e: Evidence): string {
  return `${fileName(e.path)} line ${e.line + 1}: ${e.found.length > 80 ? `${e.found.slice(0, 77)}…` : e.found}`;
}

/** Where a host or a port was found, in words: "uvicorn's default port", "next start, from the environment", "gunicorn". */
function how(l: Listen, part: "host" | "port"): string {
  const p = l[part]!;
  const name = l.spec.name;
  return p.how === "default"
    ? `${name}'s default${part === "port" ? " port" : ""}`
    : p.how === "env"
      ? `${name}, from the environment`
      : name;
}

/**
 * The Dockerfile edit that is one flag of the command found (host or port), as a quick fix in that file; none
 * where the command is not on a Dockerfile CMD/ENTRYPOINT line that starts the server itself.
 */
function dockerfileFix(app: AppStart, l: Listen, part: "host" | "port", value: string): FileFix[] {
  const e = l.command;
  const change = flagFor(l.spec, part, value);
  const oldText = e.path === app.dockerfile.path ? app.image.lines[e.line] : undefined;
  const newText = change && oldText !== undefined ? withFlag(oldText, l.spec, change) : undefined;
  if (!change || oldText === undefined || !newText || newText === oldText) return [];
  return [
    {
      title: `Start ${l.spec.name} with ${change.flags[0]} ${value} (${fileName(e.path)} line ${e.line + 1})`,
      path: e.path,
      line: e.line,
      oldText,
      newText,
    },
  ];
}

function listenWhereProxyForwards(ctx: RuleContext): void {
  const app = ctx.appStart();
  if (!app) return;
  const services = servicesOf(ctx.root);
  // how many services each group has: a group serving several ports listens on several, one command cannot say which
  const perGroup = new Map<string, number>();
  for (const s of services) for (const g of groupsOf(ctx.root, s.table)) perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
  for (const s of services) {
    const v = getValue(s.table, "internal_port");
    const internal = intValue(v);
    if (!v || internal === undefined) continue;
    for (const group of groupsOf(ctx.root, s.table)) {
      const l = app.listen(group);
      if (l?.host && isLoopback(l.host.value) && !(l.host.how === "flag" && l.host.evidence.path === "")) {
        // an explicit loopback in fly.toml's own command is bind-localhost's
        const e = l.host.how === "default" ? l.command : l.host.evidence;
        ctx.report(
          "app-binds-loopback",
          v.span,
          `The app listens on ${l.host.value} (${how(l, "host")}; ${evidenceWords(e)}), which Fly Proxy cannot reach on port ` +
            `${internal}: ${listenEverywhereWords(l.spec, internal)} so public and Flycast traffic get through.`,
          {
            related: [{ ...e, message: `${l.spec.name} listens on ${l.host.value} here` }],
            fileFixes: dockerfileFix(app, l, "host", "0.0.0.0"),
          },
        );
      }
      if ((perGroup.get(group) ?? 0) > 1) {
        if (l) break;
        continue;
      }
      let port = l?.port;
      if (!l) {
        // only the Dockerfile's EXPOSE says anything: relied on when it names one port and nothing sets PORT
        const ports = [...new Set(app.image.expose.map((x) => x.port))];
        if (ports.length === 1 && !app.env.has("PORT")) {
          const x = app.image.expose[0];
          port = { value: x.port, how: "default", evidence: dockerEvidence(app.dockerfile, app.image, x.line) };
        }
      }
      // [env] PORT against internal_port is internal-port-mismatch's
      if (!port || port.value === internal || (port.how === "env" && port.evidence.path === "")) {
        if (l) break;
        continue;
      }
      const source = l ? how(l, "port") : "the only port the Dockerfile exposes";
      const e = l && port.how === "default" ? l.command : port.evidence;
      ctx.report(
        "app-port-differs",
        v.span,
        `internal_port is ${internal}, but the app listens on ${port.value} (${source}; ${evidenceWords(e)}): Fly Proxy forwards to ` +
          `a port nothing listens on. Set internal_port = ${port.value}, or start the app on port ${internal}.`,
        {
          fixes: [fix(`Set internal_port = ${port.value}`, [replace(v.span, String(port.value))])],
          related: [{ ...e, message: `the app listens on port ${port.value} here` }],
          fileFixes: l ? dockerfileFix(app, l, "port", String(internal)) : [],
        },
      );
      break;
    }
  }
}
