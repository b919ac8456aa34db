/** The app's IP addresses (one element of `fly ips list --json`, flyctl's ips/list.go) and its exposure. */

/**
 * One address as `fly ips list --json` prints it (PascalCase): the type of ip-list.ts's schema, written once (a
 * type-only import: zod stays out of the bundles that only need the type). Type: v4, shared_v4, v6, private_v6
 * (Flycast), egress_v4, egress_v6.
 */
export type Ip = import("zod").input<typeof import("./ip-list").IpSchema>;

export type Exposure = "unknown" | "none" | "private" | "public" | "mixed";

/** An address's type in words, the same in the view, the hovers and every message. */
const TYPE_WORDS: Record<string, string> = {
  v4: "public dedicated IPv4",
  shared_v4: "public shared IPv4",
  v6: "public dedicated IPv6",
  private_v6: "private Flycast IPv6",
  egress_v4: "egress IPv4",
  egress_v6: "egress IPv6",
};

export function typeWords(type: string): string {
  return TYPE_WORDS[type] ?? type;
}

const PUBLIC_TYPES = new Set(["v4", "shared_v4", "v6"]);
const PRIVATE_TYPE = "private_v6";

export function isPublic(ip: Pick<Ip, "Type">): boolean {
  return PUBLIC_TYPES.has(ip.Type);
}

export function isPrivate(ip: Pick<Ip, "Type">): boolean {
  return ip.Type === PRIVATE_TYPE;
}

/** Egress addresses do not count as ingress. */
export function exposureOf(ips: readonly Pick<Ip, "Type">[] | null | undefined): Exposure {
  if (!ips) return "unknown";
  const priv = ips.some(isPrivate);
  const pub = ips.some(isPublic);
  return priv && pub ? "mixed" : priv ? "private" : pub ? "public" : "none";
}
