/**
 * flyctl commands as descriptions (arguments + how to read the output), separate from running them. Every
 * argument is validated first: nothing from fly.toml or the workspace reaches flyctl unchecked.
 */
import { isIP } from "node:net";
import { z } from "zod";
import { IpListSchema } from "../ip-list";
import type { Ip } from "../ips";
import type { Machine, Secret, Volume } from "../live";
import { MachineListSchema, VolumeListSchema } from "../live-list";

export interface FlyctlCommand<T> {
  args: string[];
  /** What the user is told the command does. */
  title: string;
  /** The app it is about (`-a`), named in what the user is told when Fly.io does not know it. */
  app?: string;
  /** Standard input (a secret's value for `NAME=-`): never in the arguments, the log or a message. */
  input?: string;
  parse(stdout: string): T;
  timeoutMs?: number;
}

export class InvalidArgument extends Error {}

/** flyctl answered, but not with what the command reads; `detail` (the answer itself) goes to the log only. */
export class BadAnswer extends InvalidArgument {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** A secret's name as an environment variable name. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Machine ids are 14 hex digits today; any short lower-case alphanumeric id is let through. */
const MACHINE_ID = /^[0-9a-z]{6,40}$/;
const ORG_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/i;
const NETWORK = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** What is wrong with an organization slug as typed, for an input box (undefined: nothing). */
export function orgProblem(org: string): string | undefined {
  return org === "" || ORG_SLUG.test(org) ? undefined : "An organization slug has letters, digits and dashes only (see flyctl orgs list).";
}

/** What is wrong with a network name as typed (undefined: nothing; empty means the default network). */
export function networkProblem(network: string): string | undefined {
  return network === "" || NETWORK.test(network)
    ? undefined
    : "A network name starts with a letter or digit and has letters, digits, dashes and underscores only (at most 63).";
}

/** Fly app names: lower-case letters, digits and dashes. */
export function checkAppName(app: string): string {
  if (!APP_NAME.test(app)) throw new InvalidArgument(`"${app}" is not a Fly app name (lower-case letters, digits and dashes)`);
  return app;
}

function checkMachineId(id: string): string {
  if (!MACHINE_ID.test(id)) throw new InvalidArgument(`"${id}" is not a Machine id`);
  return id;
}

function checkAddress(address: string): string {
  if (isIP(address) === 0) throw new InvalidArgument(`"${address}" is not an IP address`);
  return address;
}

function checkOrg(org: string): string {
  if (!ORG_SLUG.test(org)) throw new InvalidArgument(`"${org}" is not an organization slug`);
  return org;
}

function checkNetwork(network: string): string {
  if (!NETWORK.test(network)) throw new InvalidArgument(`"${network}" is not a network name`);
  return network;
}

function json<T>(schema: z.ZodType<T>, what: string) {
  return (stdout: string): T => {
    let data: unknown;
    try {
      data = JSON.parse(stdout);
    } catch {
      throw new BadAnswer(
        "flyctl's answer was not valid JSON (details in the fly.toml output channel)",
        `${what}: ${stdout.slice(0, 2000) || "(nothing)"}`,
      );
    }
    const r = schema.safeParse(data);
    if (!r.success) {
      const where = `${r.error.issues[0].path.join(".") || "top level"}: ${r.error.issues[0].message}`;
      throw new BadAnswer(
        `flyctl's answer had an unexpected shape (${where}; details in the fly.toml output channel)`,
        `${what}: ${stdout.slice(0, 2000)}`,
      );
    }
    return r.data;
  };
}

export const ipsList = (app: string): FlyctlCommand<Ip[]> => ({
  args: ["ips", "list", "--json", "-a", checkAppName(app)],
  app,
  title: `Listing the IP addresses of ${app}`,
  parse: json(IpListSchema, "IP list"),
});

export const ipsRelease = (app: string, addresses: string[]): FlyctlCommand<string[]> => {
  if (!addresses.length) throw new InvalidArgument("no address to release");
  return {
    args: ["ips", "release", ...addresses.map(checkAddress), "-a", checkAppName(app)],
    app,
    title: `Releasing ${addresses.join(", ")} from ${app}`,
    // "Released <addr> from <app>" per address
    parse: (stdout) => [...stdout.matchAll(/^Released (\S+) from /gm)].map((m) => m[1]),
  };
};

export const ipsAllocatePrivate = (app: string, o: { org?: string; network?: string } = {}): FlyctlCommand<string> => ({
  args: [
    "ips",
    "allocate-v6",
    "--private",
    "-a",
    checkAppName(app),
    ...(o.org ? ["--org", checkOrg(o.org)] : []),
    ...(o.network ? ["--network", checkNetwork(o.network)] : []),
  ],
  app,
  title: `Allocating a private (Flycast) IPv6 address for ${app}`,
  parse: (stdout) => /fdaa:[0-9a-f:]+/i.exec(stdout)?.[0] ?? stdout.trim(),
});

/**
 * A dedicated (billed) IPv4. flyctl asks "Looks like you're accessing a paid feature…" first and, not run
 * interactively, fails with "yes flag must be specified" (flyctl's ips/allocate.go): --yes is given only after the
 * user agreed to the cost in our own dialog.
 */
export const ipsAllocateDedicatedV4 = (app: string): FlyctlCommand<string> => ({
  args: ["ips", "allocate-v4", "--yes", "-a", checkAppName(app)],
  app,
  title: `Allocating a dedicated IPv4 address for ${app}`,
  parse: (stdout) => /\b(\d{1,3}(\.\d{1,3}){3})\b/.exec(stdout)?.[1] ?? stdout.trim(),
});

/** A public dedicated IPv6 (free): `allocate-v6` without --private. */
export const ipsAllocatePublicV6 = (app: string): FlyctlCommand<string> => ({
  args: ["ips", "allocate-v6", "-a", checkAppName(app)],
  app,
  title: `Allocating a public IPv6 address for ${app}`,
  parse: (stdout) => /\b(2[0-9a-f]{3}:[0-9a-f:]+)/i.exec(stdout)?.[1] ?? stdout.trim(),
});

const AppListSchema = z.array(
  z.looseObject({
    Name: z.string().optional(),
    name: z.string().optional(),
    Organization: z.looseObject({ Slug: z.string().optional() }).nullable().optional(),
  }),
);

export const appsList = (): FlyctlCommand<{ name: string; org?: string }[]> => ({
  args: ["apps", "list", "--json"],
  title: "Listing your Fly apps",
  parse: (stdout) =>
    json(
      AppListSchema,
      "app list",
    )(stdout)
      .map((a) => ({ name: a.Name ?? a.name ?? "", org: a.Organization?.Slug }))
      .filter((a) => a.name),
});

export const orgsList = (): FlyctlCommand<{ slug: string; name: string }[]> => ({
  // `orgs list --json` prints an object of slug → name
  args: ["orgs", "list", "--json"],
  title: "Listing your organizations",
  parse: (stdout) =>
    Object.entries(json(z.record(z.string(), z.string()), "organization list")(stdout))
      .map(([slug, name]) => ({ slug, name }))
      .sort((a, b) => a.slug.localeCompare(b.slug)),
});

export const version = (): FlyctlCommand<string> => ({
  args: ["version"],
  title: "Checking flyctl",
  parse: (stdout) => stdout.trim().split("\n")[0],
  timeoutMs: 10_000,
});

export const machinesList = (app: string): FlyctlCommand<Machine[]> => ({
  args: ["machines", "list", "--json", "-a", checkAppName(app)],
  app,
  title: `Listing the Machines of ${app}`,
  parse: json(MachineListSchema, "Machine list"),
});

export const volumesList = (app: string): FlyctlCommand<Volume[]> => ({
  args: ["volumes", "list", "--json", "-a", checkAppName(app)],
  app,
  title: `Listing the volumes of ${app}`,
  parse: json(VolumeListSchema, "volume list"),
});

/** `machine start|stop` take a lease first, retried for up to a minute when another command holds it: wait longer than that. */
const MACHINE_ACTION_TIMEOUT_MS = 75_000;

export const machineStart = (app: string, id: string): FlyctlCommand<void> => ({
  args: ["machine", "start", checkMachineId(id), "-a", checkAppName(app)],
  app,
  title: `Starting Machine ${id} of ${app}`,
  parse: () => undefined,
  timeoutMs: MACHINE_ACTION_TIMEOUT_MS,
});

/** Returns once the stop signal is sent, before the Machine is stopped: list again to see it stop. */
export const machineStop = (app: string, id: string): FlyctlCommand<void> => ({
  args: ["machine", "stop", checkMachineId(id), "-a", checkAppName(app)],
  app,
  title: `Stopping Machine ${id} of ${app}`,
  parse: () => undefined,
  timeoutMs: MACHINE_ACTION_TIMEOUT_MS,
});

function checkSecretName(name: string): string {
  if (!SECRET_NAME.test(name)) throw new InvalidArgument(`"${name}" is not a secret name (letters, digits and underscores)`);
  return name;
}

/** `secrets set` reads `NAME=-` from a pipe, up to 64 KiB (flyctl's secrets/set.go). */
const MAX_SECRET_BYTES = 64 * 1024;

/**
 * Sets one secret, staged (it takes effect at the next deploy), its value on standard input: `NAME=-` keeps it out
 * of the argument list, the log and any terminal.
 */
export const secretsSetStaged = (app: string, name: string, value: string): FlyctlCommand<void> => {
  if (Buffer.byteLength(value, "utf8") > MAX_SECRET_BYTES) throw new InvalidArgument(`the value of ${name} is over 64 KiB`);
  return {
    args: ["secrets", "set", "--stage", `${checkSecretName(name)}=-`, "-a", checkAppName(app)],
    app,
    title: `Setting the secret ${name} of ${app} (staged)`,
    input: value,
    parse: () => undefined,
  };
};

export const secretsList = (app: string): FlyctlCommand<Secret[]> => ({
  args: ["secrets", "list", "--json", "-a", checkAppName(app)],
  app,
  title: `Listing the secrets of ${app}`,
  parse: json(z.array(z.looseObject({ name: z.string(), digest: z.string().optional(), status: z.string().optional() })), "secret list"),
});

/** A region code as `platform regions` lists them (three lower-case letters). */
const REGION = /^[a-z]{3}$/;

const RegionListSchema = z.array(z.looseObject({ code: z.string(), name: z.string(), deprecated: z.boolean().optional() }));

/** `platform regions --json`: fly-go's Region list, deprecated ones already left out, sorted by name. */
export const regionsList = (): FlyctlCommand<{ code: string; name: string }[]> => ({
  args: ["platform", "regions", "--json"],
  title: "Listing Fly.io's regions",
  parse: (stdout) =>
    json(
      RegionListSchema,
      "region list",
    )(stdout)
      .filter((r) => !r.deprecated && REGION.test(r.code))
      .map((r) => ({ code: r.code, name: r.name })),
});

/**
 * What is wrong with a new app's name as typed (undefined: nothing). flyctl's own check (launch/plan_builder.go
 * validateAppName) refuses anything but lower-case letters, digits and dashes; the names every other command here
 * accepts also start with a letter or digit and have at most 63 characters.
 */
export function appNameProblem(name: string): string | undefined {
  if (name === "") return "Type the app's name: it becomes <name>.flycast on your private network.";
  if (/[^a-z0-9-]/.test(name)) return "app name must consist of only lowercase letters, numbers, and dashes";
  if (!APP_NAME.test(name)) return "An app name starts with a letter or digit and has at most 63 characters.";
  return undefined;
}

/**
 * `fly launch` for a new private app, without questions (internal/command/launch): the name as typed (--force-name:
 * flyctl would otherwise add a generated suffix to a name that is taken), the organization and region chosen,
 * `--flycast` for the first deploy's address, `--no-deploy`, `--yes` for its confirmations, and nothing billed
 * beside the app: no Postgres, Redis, object storage or GitHub workflow (with its deploy token).
 */
export function launchArgs(o: { app: string; org: string; region: string }): string[] {
  if (!REGION.test(o.region)) throw new InvalidArgument(`"${o.region}" is not a region code`);
  return [
    "launch",
    "--name",
    checkAppName(o.app),
    "--force-name",
    "--org",
    checkOrg(o.org),
    "--region",
    o.region,
    "--flycast",
    "--no-deploy",
    "--yes",
    "--no-db",
    "--no-redis",
    "--no-object-storage",
    "--no-github-workflow",
  ];
}

/** `fly deploy` of a config file (`-c` for any other than fly.toml), with `--flycast` for a private first deploy. */
export function deployArgs(o: { configName: string; flycast: boolean }): string[] {
  if (!/^[^/\\]+\.toml$/.test(o.configName)) throw new InvalidArgument(`"${o.configName}" is not a config file name`);
  return ["deploy", ...(o.configName === "fly.toml" ? [] : ["-c", o.configName]), ...(o.flycast ? ["--flycast"] : [])];
}
