/**
 * flyctl commands as descriptions (arguments + how to read the output), separate from running them. Every
 * argument is validated first: nothing from fly.toml or the workspace reaches flyctl unchecked.
 */
import { isIP } from "node:net";
import { z } from "zod";
import { IpListSchema } from "../../../server/src/service/ip-list";
import type { Ip } from "../../../server/src/service/ips";

export interface FlyctlCommand<T> {
  args: string[];
  /** What the user is told the command does. */
  title: string;
  parse(stdout: string): T;
  timeoutMs?: number;
}

export class InvalidArgument extends Error {}

/** Fly app names: lower-case letters, digits and dashes. */
export function checkAppName(app: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(app)) throw new InvalidArgument(`"${app}" is not a Fly app name (lower-case letters, digits and dashes)`);
  return app;
}

export function checkAddress(address: string): string {
  if (isIP(address) === 0) throw new InvalidArgument(`"${address}" is not an IP address`);
  return address;
}

export function checkOrg(org: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(org)) throw new InvalidArgument(`"${org}" is not an organization slug`);
  return org;
}

export function checkNetwork(network: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(network)) throw new InvalidArgument(`"${network}" is not a network name`);
  return network;
}

function json<T>(schema: z.ZodType<T>, what: string) {
  return (stdout: string): T => {
    let data: unknown;
    try {
      data = JSON.parse(stdout);
    } catch {
      throw new InvalidArgument(`flyctl's ${what} was not JSON: ${stdout.trim().slice(0, 120) || "(nothing)"}`);
    }
    const r = schema.safeParse(data);
    if (!r.success) throw new InvalidArgument(`flyctl's ${what} had an unexpected shape (${r.error.issues[0].path.join(".") || "top level"}: ${r.error.issues[0].message})`);
    return r.data;
  };
}

export const ipsList = (app: string): FlyctlCommand<Ip[]> => ({
  args: ["ips", "list", "--json", "-a", checkAppName(app)],
  title: `Listing the IP addresses of ${app}`,
  parse: json(IpListSchema as unknown as z.ZodType<Ip[]>, "IP list"),
});

export const ipsRelease = (app: string, addresses: string[]): FlyctlCommand<string[]> => {
  if (!addresses.length) throw new InvalidArgument("no address to release");
  return {
    args: ["ips", "release", ...addresses.map(checkAddress), "-a", checkAppName(app)],
    title: `Releasing ${addresses.join(", ")} from ${app}`,
    // "Released <addr> from <app>" per address
    parse: (stdout) => [...stdout.matchAll(/^Released (\S+) from /gm)].map((m) => m[1]),
  };
};

export const ipsAllocatePrivate = (app: string, o: { org?: string; network?: string } = {}): FlyctlCommand<string> => ({
  args: [
    "ips", "allocate-v6", "--private", "-a", checkAppName(app),
    ...(o.org ? ["--org", checkOrg(o.org)] : []),
    ...(o.network ? ["--network", checkNetwork(o.network)] : []),
  ],
  title: `Allocating a private (Flycast) IPv6 address for ${app}`,
  parse: (stdout) => /fdaa:[0-9a-f:]+/i.exec(stdout)?.[0] ?? stdout.trim(),
});

const AppListSchema = z.array(
  z.looseObject({ Name: z.string().optional(), name: z.string().optional(), Organization: z.looseObject({ Slug: z.string().optional() }).nullable().optional() }),
);

export const appsList = (): FlyctlCommand<{ name: string; org?: string }[]> => ({
  args: ["apps", "list", "--json"],
  title: "Listing your Fly apps",
  parse: (stdout) =>
    json(AppListSchema, "app list")(stdout)
      .map((a) => ({ name: a.Name ?? a.name ?? "", org: a.Organization?.Slug }))
      .filter((a) => a.name),
});

export const version = (): FlyctlCommand<string> => ({
  args: ["version"],
  title: "Checking flyctl",
  parse: (stdout) => stdout.trim().split("\n")[0],
  timeoutMs: 10_000,
});
