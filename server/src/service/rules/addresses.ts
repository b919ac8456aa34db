/**
 * The addresses a service needs. The shared IPv4 serves HTTP on 80 and TLS on 443 (and other ports through the
 * tls handler, by SNI); UDP, and raw TCP on other ports, are not served there nor over public IPv6: they need a
 * dedicated IPv4, which is billed (https://fly.io/docs/networking/services/#shared-ipv4, #dedicated-ipv4,
 * https://fly.io/docs/networking/udp-and-tcp/; flyctl's DetermineIPType in
 * internal/appconfig/config.go picks "dedicated" for any udp service and any port other than 80/443).
 */
import { COMMANDS } from "../../../../core/protocol";
import { getEntry, getValue, tablesOf, type TableNode } from "../../../../core/tree";
import { isPublic } from "../../../../core/ips";
import { intValue, servicesOf } from "../flyctl-view";
import type { RuleContext } from "./context";
import { defineRule } from "./rule";

export const ADDRESS_RULES = [
  defineRule({
    id: "service-needs-dedicated-ipv4",
    // a dedicated IPv4 is billed: the client's command asks first, and says so
    clientFix: {
      title: "Allocate a dedicated IPv4 for this app (billed monthly)…",
      command: COMMANDS.allocateDedicatedV4,
      named: "Allocate a dedicated IPv4",
    },
    needs: ["ips"],
    severity: "warning",
    docs: "https://fly.io/docs/networking/services/#dedicated-ipv4",
    title: "A UDP or raw TCP port on an app without a dedicated IPv4",
    group: "services",
    fixSafety: "none",
    what:
      "A UDP service, or a TCP port other than 80 and 443 without handlers (raw TCP), on a public app whose addresses " +
      "include no dedicated IPv4.",
    why:
      "The shared IPv4 serves only HTTP on 80 and TLS on 443 (or the `tls` handler), so clients over IPv4 reach " +
      "nothing on that port, and UDP has no public IPv6 either (https://fly.io/docs/networking/udp-and-tcp/). A " +
      "dedicated IPv4 (`fly ips allocate-v4`) is billed monthly; in VS Code the quick fix allocates one after asking.",
    check: sharedIpv4Limits,
  }),
];

const BILLED = "billed monthly";

/** The ports of a ports table: `port`, or `start_port`…`end_port`. */
function portsOf(p: TableNode): number[] {
  const one = intValue(getValue(p, "port"));
  if (one !== undefined) return [one];
  const a = intValue(getValue(p, "start_port"));
  const b = intValue(getValue(p, "end_port"));
  return a !== undefined && b !== undefined ? [a, b] : [];
}

function sharedIpv4Limits(ctx: RuleContext): void {
  const ips = ctx.ips;
  // public addresses and no dedicated IPv4; a private or address-less app is another rule's concern
  if (!ips || !ips.some(isPublic) || ips.some((ip) => ip.Type === "v4")) return;
  for (const s of servicesOf(ctx.root)) {
    if (s.kind !== "services") continue;
    const protocol = getValue(s.table, "protocol");
    const ports = tablesOf(getEntry(s.table, "ports")?.value);
    if (protocol?.type === "string" && protocol.value === "udp") {
      const first = ports.map(portsOf).find((p) => p.length)?.[0];
      ctx.report(
        "service-needs-dedicated-ipv4",
        protocol.span,
        `UDP${first ? ` (port ${first})` : ""} is not served on a shared IPv4 or over IPv6, and this app has no dedicated IPv4: ` +
          `allocate one (${BILLED}) with \`fly ips allocate-v4\`; the app must also bind \`fly-global-services${first ? `:${first}` : ""}\`.`,
      );
      continue;
    }
    for (const p of ports) {
      const numbers = portsOf(p);
      const handlers = getEntry(p, "handlers")?.value;
      const raw = !handlers || (handlers.kind === "array" && handlers.items.length === 0);
      if (!raw || !numbers.length || numbers.every((n) => n === 80 || n === 443)) continue;
      const where = getValue(p, "port") ?? getValue(p, "start_port")!;
      const label = numbers.length === 2 ? `Ports ${numbers[0]}–${numbers[1]}` : `Port ${numbers[0]}`;
      ctx.report(
        "service-needs-dedicated-ipv4",
        where.span,
        `${label} (raw TCP) ${numbers.length === 2 ? "are" : "is"} not served on the shared IPv4 address, and this app has no ` +
          `dedicated IPv4: allocate one (${BILLED}) with \`fly ips allocate-v4\`, or put the \`tls\` handler on the port.`,
      );
    }
  }
}
