/** Parsing the JSON `fly ips list --json` prints (PascalCase fields), validated with zod. */
import { z } from "zod";
import type { Ip } from "./ips";
import { parseOutput } from "./json-output";

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
  return parseOutput(json, IpListSchema, "fly ips list --json");
}
