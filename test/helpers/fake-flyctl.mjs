// Test helpers around test/fake-flyctl/flyctl: a fresh state file, a bin directory with it as `flyctl`.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./service.mjs";

export const FAKE = join(root, "test", "fake-flyctl", "flyctl");

const ip = (ID, Address, Type, extra = {}) => ({
  ID,
  Address,
  Type,
  Region: "global",
  CreatedAt: "2026-03-21T10:00:00Z",
  Network: null,
  ...extra,
});

export const APPS = {
  private: {
    org: "personal",
    ips: [ip("ip_p1", "fdaa:0:33:0:1::10", "private_v6", { Network: { Name: "", Organization: { Slug: "personal" } } })],
  },
  public: { org: "personal", ips: [ip("ip_v6", "2a09:8280:1::37:c0", "v6")], sharedV4: "66.241.125.149" },
  mixed: {
    org: "personal",
    ips: [
      ip("ip_p2", "fdaa:0:33:0:1::20", "private_v6", { Network: { Name: "", Organization: { Slug: "personal" } } }),
      ip("ip_v4", "137.66.1.2", "v4"),
      ip("ip_v6b", "2a09:8280:1::99:c0", "v6"),
    ],
    sharedV4: "66.241.125.150",
    egress: [{ ID: "eg_1", Address: "209.1.2.3" }],
  },
  empty: { org: "personal", ips: [] },
};

/** A fake flyctl with its own state: { dir, bin (a PATH directory), env, state(), set(patch) }. */
export function fakeFlyctl(patch = {}) {
  const dir = mkdtempSync(join(tmpdir(), "fake-flyctl-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  copyFileSync(FAKE, join(bin, "flyctl"));
  chmodSync(join(bin, "flyctl"), 0o755);
  const statePath = join(dir, "state.json");
  writeFileSync(statePath, JSON.stringify({ loggedIn: true, orgs: ["personal", "acme"], apps: structuredClone(APPS), ...patch }, null, 2));
  // FAKE_FLYCTL_TOML: the parser its `deploy` reads fly.toml with (the copy in bin/ has no node_modules beside it)
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    FAKE_FLYCTL_STATE: statePath,
    HOME: dir,
    FAKE_FLYCTL_TOML: join(root, "node_modules", "toml-eslint-parser"),
  };
  return {
    dir,
    bin,
    flyctlPath: join(bin, "flyctl"),
    env,
    state: () => JSON.parse(readFileSync(statePath, "utf8")),
    set: (p) => writeFileSync(statePath, JSON.stringify({ ...JSON.parse(readFileSync(statePath, "utf8")), ...p }, null, 2)),
  };
}
