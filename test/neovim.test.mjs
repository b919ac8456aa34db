// A second, real LSP client: Debian's Neovim 0.7.2, headless, attaches fly-toml's server to an example with
// vim.lsp.start_client; the test checks the diagnostics and hover Neovim received.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, needsProgram } from "./helpers/service.mjs";

// FLY_TOML_NVIM names another binary (a missing one shows the skip); CI (FLY_TOML_REQUIRE_OUTSIDE=1) must have it
const NVIM = process.env.FLY_TOML_NVIM ?? "nvim";
const found = spawnSync(NVIM, ["--version"], { encoding: "utf8" }).error === undefined;
const skip = needsProgram(found, "Neovim (nvim on PATH; .ci/run installs Debian's neovim)");

test("Neovim receives fly-toml's diagnostics and hover", skip, () => {
  assert.ok(found, `${NVIM} is installed (.ci/run installs Debian's neovim)`);
  const out = join(mkdtempSync(join(tmpdir(), "fly-nvim-")), "result.json");
  const r = spawnSync(NVIM, ["--headless", "--clean", "-u", "NONE", "-c", `luafile ${join(root, "test", "neovim", "check.lua")}`], {
    env: { ...process.env, FLY_TOML_ROOT: root, FLY_TOML_FILE: join(root, "examples", "classic-mistakes", "fly.toml"), FLY_TOML_OUT: out },
    encoding: "utf8",
    timeout: 60000,
  });
  assert.equal(r.status, 0, `nvim exited ${r.status}: ${r.stderr}`);
  const result = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(result.error, null);
  const codes = result.diagnostics.map((d) => d.code);
  for (const code of ["kill-signal-invalid", "autostop-invalid-value", "expected-table", "restart-policy-invalid", "bind-localhost"])
    assert.ok(codes.includes(code), `${code} in ${codes}`);
  const kill = result.diagnostics.find((d) => d.code === "kill-signal-invalid");
  assert.deepEqual([kill.lnum, kill.col, kill.severity], [4, 14, 1]);
  assert.match(result.hover, /force_https/);
});
