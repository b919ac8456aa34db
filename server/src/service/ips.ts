/** The output of `fly ips list --json` (PascalCase, see reference/flyctl.md §7) and the app's exposure. */
import { z } from "zod";

export const IpSchema = z.looseObject({
  ID: z.string(),
  Address: z.string(),
  Type: z.string(),
  Region: z.string().optional().default(""),
  CreatedAt: z.string().optional().default(""),
  ServiceName: z.string().optional().default(""),
  Network: z
    .looseObject({ Name: z.string().optional().default(""), Organization: z.looseObject({ Slug: z.string() }).nullable().optional() })
    .nullable()
    .optional()
    .default(null),
});

export const IpListSchema = z.array(IpSchema);

export type Ip = z.infer<typeof IpSchema>;

export type Exposure = "unknown" | "none" | "private" | "public" | "mixed";

export const PUBLIC_TYPES = new Set(["v4", "shared_v4", "v6"]);
export const PRIVATE_TYPE = "private_v6";

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

/** Parses the JSON text `fly ips list --json` printed; throws an Error saying what is wrong. */
export function parseIpList(json: string): Ip[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message}); expected the output of \`fly ips list --json\``);
  }
  const r = IpListSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`not the output of \`fly ips list --json\`: ${issue.path.join(".") || "top level"}: ${issue.message}`);
  }
  return r.data;
}
