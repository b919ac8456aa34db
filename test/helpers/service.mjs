// Loads the built language service (npm test builds first) and shared helpers for the tests.
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const shared = join(root, "..", "shared");
/** The built service bundle: createLanguageService, the rule registry, the core's text helpers. */
export const lib = require(join(root, "dist", "service.js"));
/** The language service as the server and the CLI use it (its front door), with the bundle's helpers beside it. */
// as the VS Code client has it: every rule, app-name-missing (reported where Pick the app exists) included
export const service = { ...lib, ...lib.createLanguageService({ clientCommands: () => true }) };

const ip = (Type, Address, ID = `ip_${Type}`) => ({
  ID,
  Address,
  Type,
  Region: "global",
  CreatedAt: "2026-03-21T10:00:00Z",
  ServiceName: "",
  Network: null,
});
export const IPS = {
  unknown: null,
  none: [],
  private: [ip("private_v6", "fdaa:0:33:0:1::10")],
  public: [ip("v6", "2a09:8280:1::37:c0"), { ...ip("shared_v4", "66.241.125.149", ""), Region: "", CreatedAt: "0001-01-01T00:00:00Z" }],
  // public with a dedicated IPv4 (`fly ips allocate-v4`)
  dedicated: [ip("v6", "2a09:8280:1::37:c0"), ip("v4", "137.66.1.2")],
  mixed: [
    ip("private_v6", "fdaa:0:33:0:1::10"),
    ip("v6", "2a09:8280:1::37:c0"),
    { ...ip("shared_v4", "66.241.125.149", ""), Region: "", CreatedAt: "0001-01-01T00:00:00Z" },
  ],
};

/** A Machine as `flyctl machines list --json` prints it, from a compact {id, state, region, group, services, mounts, guest}. */
export function machine({ id, state = "started", region = "ams", group = "app", services, mounts, name, checks, guest }) {
  return {
    id,
    name: name ?? `machine-${id}`,
    state,
    region,
    image_ref: {},
    config: {
      env: { FLY_PROCESS_GROUP: group },
      init: {},
      metadata: { fly_platform_version: "v2", fly_process_group: group },
      ...(services ? { services } : {}),
      ...(mounts ? { mounts } : {}),
      ...(guest ? { guest } : {}),
    },
    ...(checks ? { checks } : {}),
    host_status: "ok",
    cordoned: false,
  };
}

/** A volume as `flyctl volumes list --json` prints it. */
export function volume({ id, name = "data", region = "ams", attached = null, size_gb = 1 }) {
  return {
    id,
    name,
    state: "created",
    size_gb,
    region,
    zone: "b6a7",
    encrypted: true,
    attached_machine_id: attached,
    attached_alloc_id: null,
  };
}

export function read(path) {
  return readFileSync(path, "utf8");
}

/** The 1-based line of the first line containing `needle`. */
export function lineOf(text, needle) {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}

/** Findings with the text they cover. */
export function findings(text, ips = null, around = null) {
  return service
    .analyze(text, ips, around)
    .findings.map((f) => ({ ...f, text: text.slice(f.span[0], f.span[1]), line: text.slice(0, f.span[0]).split("\n").length }));
}

/** The files of a folder under test/fixtures/around/, as the service reads them beside fly.toml (null: no folder). */
export function aroundFixture(name) {
  if (!name) return null;
  const dir = join(root, "test", "fixtures", "around", name);
  const files = {};
  const walk = (sub) => {
    for (const f of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${f.name}` : f.name;
      if (f.isDirectory()) walk(rel);
      else files[rel] = readFileSync(join(dir, rel), "utf8");
    }
  };
  walk("");
  return lib.aroundOf(files, dir);
}

export const errors = (text, ips = null) => findings(text, ips).filter((f) => f.severity === "error");

/** Every .toml file below a directory, sorted, as full paths. */
export function tomlFilesUnder(dir) {
  const out = [];
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...tomlFilesUnder(p));
    else if (f.endsWith(".toml")) out.push(p);
  }
  return out;
}

/**
 * node:test options for a test that reads data from outside the repository (../shared: flyctl's fixtures, the
 * real-world configs): it skips, saying why, when the data is not there, except in CI (FLY_TOML_REQUIRE_OUTSIDE=1),
 * where missing data is a failure.
 */
/**
 * A system program a test runs (Debian's chromium, pre-commit, Neovim): the test skips where it is missing, saying
 * how to get it, except in CI (FLY_TOML_REQUIRE_OUTSIDE=1), where missing is a failure.
 */
export function needsProgram(found, why) {
  return found || process.env.FLY_TOML_REQUIRE_OUTSIDE === "1" ? {} : { skip: `needs ${why}` };
}

export function outside(...parts) {
  const path = join(shared, ...parts);
  if (existsSync(path) || process.env.FLY_TOML_REQUIRE_OUTSIDE === "1") return {};
  return { skip: `needs ${join("..", "shared", ...parts)}, the project's outside test data (CI has it)` };
}
