// Every rule of spec/rules.md: a case where it fires (on exactly the expected text, with the expected
// severity) and one where it must not; every quick fix applies cleanly and makes its finding go away.
import { fixtureCases } from "../scripts/rule-fixtures.mjs";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { outside, root, shared, service, IPS, read, findings, machine, volume, aroundFixture } from "./helpers/service.mjs";

const dir = join(root, "test", "fixtures", "rules");

/** The app's state of a case: its addresses, and Machines / volumes given as compact JSON (`# machines: [{…}]`). */
function live(ips, machines, volumes, secrets) {
  if (!machines && !volumes && !secrets) return ips;
  return {
    ips,
    machines: machines ? JSON.parse(machines).map(machine) : null,
    volumes: volumes ? JSON.parse(volumes).map(volume) : null,
    // `# secrets: [{"name": "X", "status": "Staged"}]`, as `fly secrets list --json` prints them
    secrets: secrets ? JSON.parse(secrets) : null,
  };
}

function parseCases(text) {
  return fixtureCases(text).map(({ kind, body, directive, says }) => ({
    kind,
    body,
    ips: live(IPS[directive("ips") ?? "unknown"], directive("machines"), directive("volumes"), directive("secrets")),
    at: directive("at"),
    severity: directive("severity"),
    fix: directive("fix"),
    // `# files: <folder>`: the Dockerfile, package.json… beside this fly.toml, from test/fixtures/around/<folder>/
    around: aroundFixture(directive("files")),
    says,
  }));
}

const fullLineComments = (t) =>
  t
    .split("\n")
    .filter((l) => /^\s*#/.test(l))
    .map((l) => l.trim());

test("every rule of the registry has a fixture, and every fixture a rule", () => {
  const fixtures = readdirSync(dir)
    .filter((f) => f.endsWith(".toml"))
    .map((f) => f.replace(/\.toml$/, ""));
  assert.deepEqual(fixtures.sort(), [...service.RULE_IDS].sort());
});

test(
  "the rule ids are the ones of the first catalogue (spec/rules.md): they are a public interface, kept",
  outside("spec", "rules.md"),
  () => {
    const ids = [...read(join(shared, "spec", "rules.md")).matchAll(/^\| `([a-z0-9-]+)`/gm)]
      .map((m) => m[1])
      .filter((id) => !["unknown", "none", "private", "public", "mixed"].includes(id));
    // ids are never renamed or removed; rules added since (key-case, the live rules) are listed in docs/rules.md
    assert.deepEqual(
      ids.filter((id) => !service.RULE_IDS.includes(id)),
      [],
      "every rule id of spec/rules.md is still a rule",
    );
  },
);

for (const file of readdirSync(dir).filter((f) => f.endsWith(".toml"))) {
  const rule = file.replace(/\.toml$/, "");
  test(`rule ${rule}`, async (t) => {
    const cases = parseCases(read(join(dir, file)));
    assert.ok(cases.some((c) => c.kind === "fires") && cases.some((c) => c.kind === "ok"), "has fires and ok cases");
    for (const [i, c] of cases.entries()) {
      await t.test(`${c.kind} #${i + 1}`, () => {
        const got = findings(c.body, c.ips, c.around).filter((f) => f.rule === rule);
        if (c.kind === "ok") {
          assert.deepEqual(
            got.map((f) => f.message),
            [],
            "must not fire",
          );
          return;
        }
        assert.equal(got.length, 1, `fires once, got ${got.length}`);
        const f = got[0];
        if (c.at) assert.equal(f.text, c.at, "range covers exactly the offending key or value");
        if (c.severity) assert.equal(f.severity, c.severity);
        else assert.equal(f.severity, service.RULES[rule].severity);
        assert.match(f.message, /[.;:)]$|\?$/, "message is a sentence");
        for (const words of c.says) assert.ok(f.message.includes(words), `the message says "${words}": ${f.message}`);
        assert.ok(f.message.length > 30, "message says what is wrong and what to do");
        // every case with a fix says how safe the fix "fix all" would take (or the first one) is
        const main = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
        assert.equal(
          main?.safety,
          c.fix,
          main ? `declare "# fix: ${main.safety}" for "${main.title}"` : "this case declares a fix but offers none",
        );
        for (const fx of f.fixes) {
          assert.ok(fx.safety === "safe" || fx.safety === "unsafe", `"${fx.title}" is marked safe or unsafe`);
          assert.doesNotMatch(fx.title, /`/, "a fix title is shown as plain text (menus, dialogs, the CLI)");
          const fixed = service.applyEdits(c.body, fx.edits);
          const after = findings(fixed, c.ips, c.around);
          assert.deepEqual(
            after.filter((x) => x.rule === "toml-syntax" || x.rule === "toml-duplicate-key").map((x) => x.message),
            [],
            `"${fx.title}" leaves a file that parses:\n${fixed}`,
          );
          assert.equal(after.filter((x) => x.rule === rule).length, 0, `"${fx.title}" makes ${rule} go away:\n${fixed}`);
          for (const comment of fullLineComments(c.body)) assert.ok(fixed.includes(comment), `"${fx.title}" keeps the comment ${comment}`);
        }
      });
    }
  });
}

test("fix all applies every preferred fix without overlaps, and a second run changes nothing", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".toml"))) {
    for (const c of parseCases(read(join(dir, file)))) {
      const once = service.fixAllText(c.body, c.ips, { around: c.around }).text;
      const twice = service.fixAllText(once, c.ips, { around: c.around });
      assert.equal(twice.text, once, `fix all is idempotent on ${file}`);
      assert.equal(
        findings(once, c.ips).filter((x) => x.rule === "toml-syntax").length,
        findings(c.body, c.ips).filter((x) => x.rule === "toml-syntax").length,
        `fix all adds no syntax error in ${file}`,
      );
    }
  }
});

test("the registry says which rules have fixes, and how safe they are", () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".toml"))) {
    const rule = file.replace(/\.toml$/, "");
    const declared = service.RULES[rule].fixSafety;
    const fired = parseCases(read(join(dir, file))).filter((c) => c.kind === "fires");
    const offered = fired.some((c) => findings(c.body, c.ips, c.around).some((f) => f.rule === rule && f.fixes.length));
    if (declared === "none") assert.ok(!offered, `${rule} is registered without a fix but offers one`);
    else assert.ok(offered, `${rule} is registered with a ${declared} fix but none of its cases offers one`);
  }
});

test("fix all on a file with several problems applies the safe fixes together, and only those", () => {
  const text = [
    "# my private api",
    'app = "api"',
    "kill_timeout = 5",
    "[http_service]",
    "  internal_port = 8080",
    "  force_https = true # from fly launch",
    "  auto_stop_machines = true",
    "  auto_start_machines = false",
    "  [http_service.concurrency]",
    '    type = "connections"',
    "    soft_limit = 50",
    "    hard_limit = 25",
    "",
  ].join("\n");
  const safe = service.fixAllText(text, IPS.private);
  assert.equal(
    safe.text,
    [
      "# my private api",
      'app = "api"',
      'kill_timeout = "5s"',
      "[http_service]",
      "  internal_port = 8080",
      "  force_https = false # from fly launch",
      '  auto_stop_machines = "stop"',
      "  auto_start_machines = false",
      "  [http_service.concurrency]",
      '    type = "connections"',
      "    soft_limit = 50",
      "    hard_limit = 25",
      "",
    ].join("\n"),
  );
  assert.deepEqual(
    safe.applied.map((a) => [a.line, a.rule, a.title]),
    [
      [3, "bare-duration", 'Change to "5s"'],
      [6, "flycast-force-https", "Set force_https = false"],
      [7, "autostop-legacy-bool", 'Change to "stop"'],
    ],
  );
  // what changes behaviour stays for the user to decide
  assert.deepEqual(
    findings(safe.text, IPS.private).map((f) => f.rule),
    ["autostop-without-autostart", "concurrency-connections-for-http", "concurrency-soft-above-hard"],
  );
  const all = service.fixAllText(text, IPS.private, { unsafe: true });
  assert.equal(
    all.text,
    [
      "# my private api",
      'app = "api"',
      'kill_timeout = "5s"',
      "[http_service]",
      "  internal_port = 8080",
      "  force_https = false # from fly launch",
      '  auto_stop_machines = "stop"',
      "  auto_start_machines = true",
      "  [http_service.concurrency]",
      '    type = "requests"',
      "    soft_limit = 25",
      "    hard_limit = 50",
      "",
    ].join("\n"),
  );
  assert.deepEqual(
    findings(all.text, IPS.private).map((f) => f.rule),
    [],
  );
});

test("fix all fixes only the findings that were there: one a fix reveals is shown, not fixed unseen", () => {
  // the [[http_service.concurrency]] error hides what is inside it until the brackets are fixed
  const text =
    'app = "api"\n[http_service]\n  internal_port = 8080\n  [[http_service.concurrency]]\n    type = "requests"\n    hard_limit = 10\n  ' +
    "  soft_limit = 30\n";
  const before = findings(text).map((f) => f.rule);
  const r = service.fixAllText(text, null, { unsafe: true });
  assert.deepEqual(
    r.applied.map((a) => a.rule),
    ["expected-table"],
  );
  const revealed = findings(r.text)
    .map((f) => f.rule)
    .filter((x) => !before.includes(x));
  assert.ok(revealed.length > 0, "the fix reveals a finding");
  assert.match(r.text, /soft_limit = 30/, "which is left for the user to see");
});

test("inserted text follows the file: CRLF lines stay CRLF, 'literal' strings stay literal", () => {
  const crlf = 'app = "api"\r\n[http_service]\r\n  internal_port = 8080\r\n';
  const fixed = service.fixAllText(crlf, IPS.private, { unsafe: true }).text;
  assert.notEqual(fixed, crlf);
  assert.doesNotMatch(fixed.replace(/\r\n/g, ""), /\n/, "no bare LF in a CRLF file");
  const single = "app = 'api'\nprimary_region = 'ams'\n";
  const withService = service.privateAppFixes(single, IPS.private).text;
  assert.match(withService, /auto_stop_machines = 'stop'/);
  assert.doesNotMatch(withService, /"/);
});

test("every rule that spec/rules.md marks with a fix offers one where it fires", outside("spec", "rules.md"), () => {
  const spec = read(join(shared, "spec", "rules.md"));
  const withFix = [...spec.matchAll(/^\| `([a-z0-9-]+)` \|.*\| (fix[^|]*)\|\s*$/gm)].map((m) => m[1]);
  assert.ok(withFix.length >= 34, `found ${withFix.length} rules with fixes in rules.md`);
  for (const rule of withFix) {
    const cases = parseCases(read(join(dir, `${rule}.toml`))).filter((c) => c.kind === "fires");
    const fixed = cases.some((c) => findings(c.body, c.ips).some((f) => f.rule === rule && f.fixes.length > 0));
    assert.ok(fixed, `${rule} is marked "fix" in rules.md but offers no quick fix in its fixtures`);
  }
});

test("each rule is one definition: what, why, a check (but the one the analysis reports itself), and its cases' safety", () => {
  for (const id of service.RULE_IDS) {
    const r = service.RULES[id];
    assert.equal(r.id, id);
    assert.ok(r.what.length > 15 && r.why.length > 15, `${id} says what it finds and why it matters`);
    assert.ok(/[.)]$/.test(r.what) && /[.)]$/.test(r.why), `${id}: what and why are sentences`);
    const checks = typeof r.check === "function" ? [r.check] : (r.check ?? []);
    if (id === "unused-suppression") assert.equal(checks.length, 0, "reported by the analysis after every check");
    else assert.ok(checks.length && checks.every((c) => typeof c === "function"), `${id} names its check`);
    for (const [name, c] of Object.entries(r.cases ?? {}))
      assert.ok(c.when && (c.severity || c.fixSafety), `${id}'s case ${name} says when, and what it changes`);
  }
});

test("a rule's check runs only when the rule is shown and what it needs is known: nothing else is read", () => {
  const text = 'app = "api"\n[http_service]\n  internal_port = 8080\n';
  let reads = 0;
  const around = {
    read: (p) => (reads++, p === "Dockerfile" ? { path: "/app/Dockerfile", text: 'FROM node\nCMD ["node", "s.js"]\n' } : undefined),
  };
  const only = (group) => service.createLanguageService({ shown: (id) => service.RULES[id].group === group });
  only("syntax").analyze(text, null, around);
  assert.equal(reads, 0, "with the groups that read the Dockerfile off, it is never read");
  only("flycast").analyze(text, null, around);
  assert.ok(reads > 0, "app-binds-loopback (flycast) reads it");
  // the live rules need the Machines: with them unknown their checks do not run, and a suppression of one is not called unused
  const live = service.createLanguageService().analyze(`${text}# fly-toml: ignore-file[min-machines-unmet]\n`, null);
  assert.deepEqual(
    live.findings.filter((f) => f.rule === "unused-suppression"),
    [],
  );
  const known = service.createLanguageService().analyze(`${text}# fly-toml: ignore-file[min-machines-unmet]\n`, { ips: [], machines: [] });
  assert.ok(
    known.findings.some((f) => f.rule === "unused-suppression"),
    "with the Machines known, the suppression is unused",
  );
});
