/** Parsing the JSON `fly ips list --json` prints (PascalCase fields), validated with zod. */
import { z } from "zod";
import type { Ip } from "./ips";

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
