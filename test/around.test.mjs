// The files around fly.toml: the Dockerfile and package.json read beside it, in the language server (with
// related locations, the hover, a re-check when a file changes on disk), in the CLI, and read harmlessly.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { LspClient } from "./helpers/lsp-client.mjs";
import { lib, root, service } from "./helpers/service.mjs";

const FLY = 'app = "api"\n\n[http_service]\n  internal_port = 8080\n  auto_stop_machines = "stop"\n  auto_start_machines = true\n';
const UVICORN = 'FROM python:3.12-slim\nCOPY . .\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0"]\n';

function project(files) {
  const dir = mkdtempSync(join(tmpdir(), "fly-around-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const clients = [];
after(() => clients.forEach((c) => c.kill()));

test("the server reads the Dockerfile beside fly.toml: the finding is on internal_port, with the Dockerfile line as related", async () => {
  const dir = project({ "fly.toml": FLY, Dockerfile: UVICORN });
  const c = new LspClient();
  clients.push(c);
  await c.initialize({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  const uri = pathToFileURL(join(dir, "fly.toml")).toString();
  c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text: FLY } });
  const d = (await c.diagnosticsFor(uri, 1)).params.diagnostics.find((x) => x.code === "app-port-differs");
  assert.ok(d, "app-port-differs is reported");
  assert.deepEqual(d.range, { start: { line: 3, character: 18 }, end: { line: 3, character: 22 } }, "on internal_port's value");
  assert.match(d.message, /listens on 8000 \(uvicorn's default port; Dockerfile line 3: CMD \["uvicorn"/);
  assert.deepEqual(d.relatedInformation, [
    {
      location: {
        uri: pathToFileURL(join(dir, "Dockerfile")).toString(),
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      },
      message: "the app listens on port 8000 here",
    },
  ]);
  // the watchers were registered, for the Dockerfile and package.json (and machine_config's file: any .json) among others
  const reg = c.serverRequests.find((r) => r.method === "client/registerCapability");
  const globs = reg.params.registrations.flatMap((r) => r.registerOptions?.watchers?.map((w) => w.globPattern) ?? []);
  assert.ok(globs.includes("**/Dockerfile") && globs.includes("**/*.json"), globs.join(", "));

  // the hover on internal_port says where the app's port comes from
  const hover = await c.request("textDocument/hover", { textDocument: { uri }, position: { line: 3, character: 5 } });
  assert.match(hover.contents.value, /\*\*Where the app listens\*\* \(app\): uvicorn on host 0\.0\.0\.0, port 8000 \(its default\)/);
  assert.match(hover.contents.value, /started by Dockerfile line 3: CMD \["uvicorn"/);

  // the Dockerfile changes on disk: fly.toml is checked again without being reopened or edited
  writeFileSync(join(dir, "Dockerfile"), UVICORN.replace('"0.0.0.0"]', '"0.0.0.0", "--port", "8080"]'));
  c.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(join(dir, "Dockerfile")).toString(), type: 2 }] });
  const again = await c.waitFor(
    (m) =>
      m.method === "textDocument/publishDiagnostics" &&
      m.params.uri === uri &&
      !m.params.diagnostics.some((x) => x.code === "app-port-differs"),
    10000,
    { fresh: true },
  );
  assert.equal(again.params.version, 1, "the same version, checked again");
  await c.shutdown();
});

test("the server never publishes diagnostics on the Dockerfile or package.json, and a fly.toml that is not on disk reads nothing", async () => {
  const dir = project({ "fly.toml": FLY, Dockerfile: UVICORN, "package.json": '{"scripts":{"start":"next start"}}' });
  const c = new LspClient();
  clients.push(c);
  await c.initialize();
  const docker = pathToFileURL(join(dir, "Dockerfile")).toString();
  c.notify("textDocument/didOpen", { textDocument: { uri: docker, languageId: "dockerfile", version: 1, text: UVICORN } });
  const untitled = "vscode-vfs://github/acme/api/fly.toml";
  c.notify("textDocument/didOpen", { textDocument: { uri: untitled, languageId: "toml", version: 1, text: FLY } });
  const d = await c.diagnosticsFor(untitled, 1);
  assert.ok(!d.params.diagnostics.some((x) => x.code.startsWith("app-")), "nothing is read around a document that is not on disk");
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(!c.notifications.some((m) => m.params?.uri === docker), "no diagnostics on the Dockerfile");
  await c.shutdown();
});

const cli = (args, o = {}) =>
  spawnSync(process.execPath, [join(root, "bin", "fly-toml.js"), ...args], {
    encoding: "utf8",
    input: o.input,
    env: { ...process.env, NO_COLOR: "1" },
  });

test("the CLI reads the files beside each fly.toml it checks; standard input has nothing around it", () => {
  const dir = project({
    "api/fly.toml": FLY,
    "api/Dockerfile": 'FROM node:22\nCOPY . .\nCMD ["npm", "start"]\n',
    "api/package.json": '{\n  "scripts": {\n    "start": "next start -p 3000"\n  }\n}\n',
  });
  const r = cli(["check", dir]);
  assert.match(
    r.stdout,
    /api\/fly\.toml:4:19  warning  internal_port is 8080, but the app listens on 3000 \(next start; package\.json line 3: "start": "next start -p 3000"\): Fly Proxy forwards to a port nothing listens on\. Set internal_port = 3000, or start the app on port 8080\.  \[app-port-differs\]/,
  );
  const stdin = cli(["check", "-"], { input: FLY });
  assert.doesNotMatch(stdin.stdout, /app-port-differs/);
});

test("reading is harmless: a FIFO, a directory or a file over 1 MB is not read (one log line), a symlink is followed", () => {
  const dir = project({ "fly.toml": FLY });
  execFileSync("mkfifo", [join(dir, "Dockerfile")]);
  let r = cli(["check", dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Dockerfile is not a regular file; it is not read/);
  assert.doesNotMatch(r.stdout, /app-port-differs/);

  const big = project({ "fly.toml": FLY, Dockerfile: `${UVICORN}# ${"x".repeat(1024 * 1024)}\n` });
  r = cli(["check", big]);
  assert.match(r.stderr, /Dockerfile is larger than 1 MB; it is not read/);
  assert.doesNotMatch(r.stdout, /app-port-differs/);

  const asDir = project({ "fly.toml": FLY, "Dockerfile/x": "" });
  r = cli(["check", asDir]);
  assert.match(r.stderr, /Dockerfile is not a regular file/);

  const linked = project({ "fly.toml": FLY, "docker/Dockerfile.prod": UVICORN });
  symlinkSync(join(linked, "docker", "Dockerfile.prod"), join(linked, "Dockerfile"));
  assert.match(cli(["check", linked]).stdout, /app-port-differs/);
  // [build] dockerfile names another file, relative to fly.toml
  const named = project({
    "fly.toml": FLY.replace("\n\n", '\n\n[build]\n  dockerfile = "docker/Dockerfile.prod"\n\n'),
    "docker/Dockerfile.prod": UVICORN,
  });
  assert.match(cli(["check", named]).stdout, /Dockerfile\.prod line 3/);
});

test("fuzz: any Dockerfile and package.json text reads without throwing, and never makes the service throw", () => {
  const words = [
    "FROM",
    "CMD",
    "ENTRYPOINT",
    "ENV",
    "ARG",
    "EXPOSE",
    "RUN",
    "AS",
    "<<EOF",
    "EOF",
    "\\",
    "`",
    "#",
    "# escape=`",
    "# syntax=docker/dockerfile:1",
    "[",
    "]",
    '"',
    "'",
    "$PORT",
    "${X:-1}",
    "${",
    "uvicorn",
    "--port",
    "--host",
    "0.0.0.0",
    "127.0.0.1",
    "8080",
    "sh",
    "-c",
    "&&",
    "npm",
    "start",
    "run",
    "\n",
    " ",
    "\t",
    "\r\n",
    "=",
    ":",
    "\\u00e9",
    '\\"',
    "{",
    "}",
  ];
  const doc = fc.array(fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 6 })), { maxLength: 60 }).map((a) => a.join(" "));
  fc.assert(
    fc.property(doc, doc, (dockerfile, pkg) => {
      lib.imageConfig(lib.parseDockerfile(dockerfile));
      lib.shellWords(dockerfile);
      const around = lib.aroundOf({ Dockerfile: dockerfile, "package.json": pkg });
      service.analyze(FLY, null, around);
      service.analyze('[processes]\n  app = "npm run start"\n  web = "sh -c \'exec uvicorn a:b\'"\n' + FLY.slice(12), null, around);
    }),
    { numRuns: 3000, seed: 20261206 },
  );
});

test("check --machines reads the Machines' health checks: a check refused on internal_port everywhere is app-not-listening", () => {
  const dir = project({
    "fly.toml": FLY,
    Dockerfile: 'FROM python:3.12-slim\nCOPY . .\nCMD ["uvicorn", "main:app", "--port", "8080"]\n',
    "machines.json": JSON.stringify([
      {
        id: "e2865013a01d86",
        name: "billowing-sun-4321",
        state: "started",
        region: "ams",
        config: { metadata: { fly_process_group: "app" } },
        checks: [{ name: "servicecheck-00-http-8080", status: "critical", output: "dial tcp [fdaa::2]:8080: connect: connection refused" }],
      },
    ]),
  });
  const r = cli(["check", "--machines", join(dir, "machines.json"), join(dir, "fly.toml")]);
  assert.match(
    r.stdout,
    /fly\.toml:4:19  warning  The app is not listening on 0\.0\.0\.0:8080: check servicecheck-00-http-8080 fails on 1 started Machine of app \(connection refused\)\. Dockerfile line 3: CMD \["uvicorn", "main:app", "--port", "8080"\] starts uvicorn on 127\.0\.0\.1:8080\./,
  );
  assert.match(r.stdout, /\[app-binds-loopback\]/, "and the Dockerfile says why: uvicorn's default host");
});

test("a quick fix edits the Dockerfile where it is one flag of the command (never in fix all), and the finding goes", async () => {
  const lines = ["FROM python:3.12-slim", "COPY . .", 'CMD ["uvicorn", "main:app"]'];
  const dir = project({ "fly.toml": FLY, Dockerfile: lines.join("\n") + "\n" });
  const c = new LspClient();
  clients.push(c);
  await c.initialize();
  const uri = pathToFileURL(join(dir, "fly.toml")).toString();
  c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text: FLY } });
  const diags = (await c.diagnosticsFor(uri, 1)).params.diagnostics;
  const docker = pathToFileURL(join(dir, "Dockerfile")).toString();
  const actionsFor = (code) => {
    const d = diags.find((x) => x.code === code);
    return c.request("textDocument/codeAction", { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  };
  // both findings sit on internal_port: each offers its own Dockerfile edit
  const host = (await actionsFor("app-binds-loopback")).find((a) => a.edit?.changes?.[docker] && a.title.includes("--host"));
  assert.equal(host.title, "Start uvicorn with --host 0.0.0.0 (Dockerfile line 3)");
  assert.deepEqual(host.edit.changes[docker], [
    {
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: lines[2].length } },
      newText: 'CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]',
    },
  ]);
  const port = (await actionsFor("app-port-differs")).find((a) => a.edit?.changes?.[docker] && a.title.includes("--port"));
  assert.equal(port.edit.changes[docker][0].newText, 'CMD ["uvicorn", "main:app", "--port", "8080"]');
  assert.ok(!host.isPreferred && !port.isPreferred, "not the preferred fix: it changes what the app does");
  // fix all never touches another file
  const all = await c.request("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ["source.fixAll"] },
  });
  assert.ok(
    all.every((a) => !JSON.stringify(a).includes(docker)),
    "fix all leaves the Dockerfile alone",
  );
  await c.shutdown();
  // applied, both findings go
  writeFileSync(
    join(dir, "Dockerfile"),
    [...lines.slice(0, 2), 'CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8080"]'].join("\n") + "\n",
  );
  assert.doesNotMatch(cli(["check", dir]).stdout, /app-binds-loopback|app-port-differs/);
  // a shell form, a flag already there: its value is replaced
  assert.equal(
    lib.withDockerfileFlag("CMD uvicorn main:app --host 127.0.0.1", "uvicorn", "host", "0.0.0.0"),
    "CMD uvicorn main:app --host 0.0.0.0",
  );
  assert.equal(
    lib.withDockerfileFlag('CMD ["flask", "run", "--port=5000"]', "flask run", "port", "8080"),
    'CMD ["flask", "run", "--port=8080"]',
  );
  // not one flag: a shell script, a wrapper, a continuation, a server without such a flag
  assert.equal(lib.withDockerfileFlag('CMD ["sh", "-c", "uvicorn main:app"]', "uvicorn", "host", "0.0.0.0"), undefined);
  assert.equal(lib.withDockerfileFlag("CMD uvicorn main:app \\", "uvicorn", "host", "0.0.0.0"), undefined);
  assert.equal(lib.withDockerfileFlag('CMD ["gunicorn", "app:app"]', "gunicorn", "host", "0.0.0.0"), undefined);
});

test("an open Dockerfile buffer that the client syncs counts as it is in the editor, unsaved; closed, the disk counts again", async () => {
  const dir = project({ "fly.toml": FLY, Dockerfile: UVICORN });
  const c = new LspClient();
  clients.push(c);
  await c.initialize();
  const uri = pathToFileURL(join(dir, "fly.toml")).toString();
  const docker = pathToFileURL(join(dir, "Dockerfile")).toString();
  c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text: FLY } });
  assert.ok((await c.diagnosticsFor(uri, 1)).params.diagnostics.some((d) => d.code === "app-port-differs"));
  const fixed = UVICORN.replace('"0.0.0.0"]', '"0.0.0.0", "--port", "8080"]');
  c.notify("textDocument/didOpen", { textDocument: { uri: docker, languageId: "dockerfile", version: 1, text: fixed } });
  await c.waitFor(
    (m) =>
      m.method === "textDocument/publishDiagnostics" &&
      m.params.uri === uri &&
      !m.params.diagnostics.some((d) => d.code === "app-port-differs"),
    10000,
    { fresh: true },
  );
  c.notify("textDocument/didClose", { textDocument: { uri: docker } });
  await c.waitFor(
    (m) =>
      m.method === "textDocument/publishDiagnostics" &&
      m.params.uri === uri &&
      m.params.diagnostics.some((d) => d.code === "app-port-differs"),
    10000,
    { fresh: true },
  );
  assert.ok(
    !c.notifications.some((m) => m.params?.uri === docker && m.method === "textDocument/publishDiagnostics"),
    "nothing published on it",
  );
  await c.shutdown();
});

test("the CLI's JSON and SARIF carry the related Dockerfile line (SARIF relatedLocations), relative to the working directory", async () => {
  const dir = project({ "fly.toml": FLY, Dockerfile: UVICORN });
  const json = JSON.parse(
    spawnSync(process.execPath, [join(root, "bin", "fly-toml.js"), "check", "--format", "json", "fly.toml"], { cwd: dir, encoding: "utf8" })
      .stdout,
  );
  const d = json[0].diagnostics.find((x) => x.code === "app-port-differs");
  assert.deepEqual(d.related, [{ file: join(dir, "Dockerfile"), line: 2, message: "the app listens on port 8000 here" }]);
  const sarif = JSON.parse(
    spawnSync(process.execPath, [join(root, "bin", "fly-toml.js"), "check", "--format", "sarif", "fly.toml"], {
      cwd: dir,
      encoding: "utf8",
    }).stdout,
  );
  const r = sarif.runs[0].results.find((x) => x.ruleId === "app-port-differs");
  const { default: Ajv } = await import("ajv-draft-04");
  const schema = JSON.parse(
    readFileSync(join(root, "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json"), "utf8"),
  );
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.deepEqual(r.relatedLocations, [
    {
      id: 0,
      message: { text: "the app listens on port 8000 here" },
      physicalLocation: { artifactLocation: { uri: "Dockerfile", uriBaseId: "%SRCROOT%" }, region: { startLine: 3 } },
    },
  ]);
});

test("the server says a fly.toml on disk is not UTF-8 (the editor shows U+FFFD there), and reads machine_config's file", async () => {
  const bytes = Buffer.concat([Buffer.from('app = "caf'), Buffer.from([0xe9]), Buffer.from('"\nmachine_config = "machine.json"\n')]);
  const dir = project({ "machine.json": '{ "containers": [ { "name": "app" }, { "name": "logger" } ] }' });
  writeFileSync(join(dir, "fly.toml"), bytes);
  const c = new LspClient();
  clients.push(c);
  await c.initialize({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  const uri = pathToFileURL(join(dir, "fly.toml")).toString();
  // what an editor opens: the bytes decoded, U+FFFD for the one that is not UTF-8
  const shown = bytes.toString("utf8");
  c.notify("textDocument/didOpen", { textDocument: { uri, languageId: "toml", version: 1, text: shown } });
  const d = (await c.diagnosticsFor(uri, 1)).params.diagnostics;
  assert.deepEqual(
    d.map((x) => [x.code, x.range.start]),
    [["toml-syntax", { line: 0, character: 10 }]],
  );
  assert.match(d[0].message, /The file is not UTF-8: byte 0xE9 at byte offset 10/);
  // saved as UTF-8, the same text is checked as usual: the machine config beside it has a sidecar without an image
  const fixed = shown.replace("\ufffd", "é");
  writeFileSync(join(dir, "fly.toml"), fixed);
  c.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  const after2 = (await c.diagnosticsFor(uri, 2)).params.diagnostics;
  assert.deepEqual(
    after2.map((x) => x.code),
    ["machine-config-invalid"],
  );
  assert.match(after2[0].message, /fly deploy fails: container "logger" of the machine config has no image/);
  await c.shutdown();
});
