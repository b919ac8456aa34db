/** Every diagnostic of spec/rules.md: its id (a public interface), default severity and docs link. */
import { cfg } from "../../../../schemas/meta";

export type Severity = "error" | "warning" | "info" | "hint";

/**
 * Safe: the fix mends a real mistake and changes nothing else a user relies on (a form flyctl rejects or reads the
 * same way rewritten, a setting that cannot work). Unsafe: it changes what the app does, removes a key, or picks
 * one of several plausible values. `--fix` and source.fixAll apply safe fixes only.
 */
export type FixSafety = "safe" | "unsafe";

export interface RuleInfo {
  /** Default severity; some rules choose another per finding (see spec/rules.md). */
  severity: Severity;
  docs: string;
  /** One line for SARIF and the README. */
  title: string;
  group: "syntax" | "flycast" | "autostop" | "concurrency" | "services" | "checks" | "processes" | "other";
  /** The safety of the rule's fixes (a fix may say otherwise where the case decides), or "none": it has no fix. */
  fix: FixSafety | "none";
}

const FLYCAST = "https://fly.io/docs/networking/flycast/#flycast-requirements";
const AUTOSTOP = "https://fly.io/docs/launch/autostop-autostart/";
const CONCURRENCY = "https://fly.io/docs/apps/concurrency/";

export const RULES = {
  "toml-syntax": { severity: "error", docs: "https://toml.io/en/v1.0.0", title: "The text is not valid TOML 1.0", group: "syntax" , fix: "none" },
  "toml-duplicate-key": { severity: "error", docs: "https://toml.io/en/v1.0.0#keys", title: "A key or table is defined twice", group: "syntax" , fix: "none" },
  "unknown-key": { severity: "warning", docs: cfg(""), title: "A key or table flyctl does not know (and silently ignores)", group: "syntax" , fix: "unsafe" },
  "legacy-key": { severity: "hint", docs: cfg(""), title: "A V1-era key flyctl reads past and ignores", group: "syntax" , fix: "safe" },
  "wrong-type": { severity: "error", docs: cfg(""), title: "A value of a type flyctl cannot read", group: "syntax" , fix: "safe" },
  "coerced-type": { severity: "info", docs: cfg(""), title: "A value flyctl accepts only through a legacy coercion", group: "syntax" , fix: "safe" },
  "expected-table": { severity: "error", docs: cfg("http_service-concurrency"), title: "An array of tables where flyctl needs one table", group: "syntax" , fix: "safe" },
  "expected-array-of-tables": { severity: "error", docs: cfg(""), title: "A single table where flyctl needs an array of tables", group: "syntax" , fix: "safe" },
  "invalid-enum": { severity: "error", docs: cfg(""), title: "A value outside its allowed set", group: "syntax" , fix: "unsafe" },
  "invalid-duration": { severity: "error", docs: cfg("services-tcp_checks"), title: "A duration Go's time.ParseDuration rejects", group: "syntax" , fix: "none" },
  "bare-duration": { severity: "hint", docs: cfg("services-tcp_checks"), title: "A duration written as a bare integer", group: "syntax" , fix: "safe" },

  "flycast-force-https": { severity: "error", docs: FLYCAST, title: "force_https = true on a private (Flycast) app", group: "flycast" , fix: "safe" },
  "flycast-needs-service": { severity: "error", docs: FLYCAST, title: "A Flycast address but no service to route it", group: "flycast" , fix: "unsafe" },
  "private-app-has-public-ips": { severity: "warning", docs: FLYCAST, title: "A private app that still has public IPs", group: "flycast" , fix: "none" },
  "public-ips-on-first-deploy": { severity: "info", docs: "https://fly.io/docs/networking/app-services/#public-apps", title: "The first deploy will allocate public IPs", group: "flycast" , fix: "none" },
  "bind-localhost": { severity: "warning", docs: "https://fly.io/docs/blueprints/autostart-internal-apps/#make-sure-your-app-binds-to-0-0-0-0-port", title: "The app binds a loopback address", group: "flycast" , fix: "unsafe" },
  "internal-address-no-wake": { severity: "info", docs: "https://fly.io/docs/networking/private-networking/#fly-io-internal-dns", title: ".internal addresses never wake stopped Machines", group: "flycast" , fix: "unsafe" },
  "flycast-https-url": { severity: "warning", docs: FLYCAST, title: "An https:// URL to a .flycast address", group: "flycast" , fix: "safe" },

  "autostop-invalid-value": { severity: "error", docs: AUTOSTOP + "#configure-autostop-autostart", title: "auto_stop_machines is not off/stop/suspend/true/false", group: "autostop" , fix: "unsafe" },
  "autostop-legacy-bool": { severity: "hint", docs: AUTOSTOP + "#configure-autostop-autostart", title: "auto_stop_machines as a legacy boolean", group: "autostop" , fix: "safe" },
  "autostop-without-autostart": { severity: "warning", docs: "https://fly.io/docs/reference/fly-proxy-autostop-autostart/#how-fly-proxy-behaves-without-autostart-autostop", title: "Autostop on and autostart off: Machines never come back", group: "autostop" , fix: "unsafe" },
  "min-machines-without-autostop": { severity: "warning", docs: AUTOSTOP + "#minimum-number-of-machines-running", title: "min_machines_running has no effect without autostop", group: "autostop" , fix: "unsafe" },
  "min-machines-primary-region": { severity: "warning", docs: AUTOSTOP + "#minimum-number-of-machines-running", title: "min_machines_running without primary_region", group: "autostop" , fix: "unsafe" },
  "min-machines-negative": { severity: "error", docs: AUTOSTOP + "#minimum-number-of-machines-running", title: "min_machines_running is negative or not an integer", group: "autostop" , fix: "none" },
  "autostop-misplaced": { severity: "warning", docs: AUTOSTOP + "#configure-autostop-autostart", title: "Autostop/autostart keys outside a service are ignored", group: "autostop" , fix: "unsafe" },
  "autostop-conflict": { severity: "warning", docs: AUTOSTOP, title: "Services of one process group disagree on auto_stop_machines", group: "autostop" , fix: "none" },
  "suspend-limits": { severity: "warning", docs: "https://fly.io/docs/reference/suspend-resume/#requirements", title: "suspend with swap, a GPU or more than 2 GB", group: "autostop" , fix: "safe" },

  "concurrency-soft-above-hard": { severity: "error", docs: CONCURRENCY, title: "soft_limit above hard_limit", group: "concurrency" , fix: "unsafe" },
  "concurrency-soft-equals-hard": { severity: "warning", docs: CONCURRENCY + "#how-fly-proxy-handles-concurrency", title: "soft_limit equal to hard_limit", group: "concurrency" , fix: "none" },
  "concurrency-hard-below-default-soft": { severity: "warning", docs: CONCURRENCY + "#default-settings", title: "hard_limit below the default soft_limit of 20", group: "concurrency" , fix: "unsafe" },
  "concurrency-non-positive": { severity: "error", docs: CONCURRENCY, title: "A concurrency limit of zero or less", group: "concurrency" , fix: "none" },
  "concurrency-connections-for-http": { severity: "hint", docs: CONCURRENCY + "#connections-or-requests", title: "An HTTP service counting connections", group: "concurrency" , fix: "unsafe" },

  "service-no-ports": { severity: "warning", docs: cfg("services-ports"), title: "A [[services]] without [[services.ports]]", group: "services" , fix: "unsafe" },
  "port-out-of-range": { severity: "error", docs: cfg("services-ports"), title: "A port outside 1–65535 or a reversed range", group: "services" , fix: "none" },
  "force-https-without-http-handler": { severity: "error", docs: "https://fly.io/docs/networking/services/#http-to-https-redirects", title: "force_https on a port without the http handler", group: "services" , fix: "unsafe" },
  "udp-handlers": { severity: "error", docs: "https://fly.io/docs/networking/udp-and-tcp/", title: "Handlers or force_https on a UDP service", group: "services" , fix: "unsafe" },
  "duplicate-external-port": { severity: "warning", docs: "https://fly.io/docs/launch/processes/#processes-and-services", title: "Two services expose the same external port", group: "services" , fix: "none" },
  "handler-option-mismatch": { severity: "warning", docs: cfg("services-ports-tls_options"), title: "Handler options without their handler", group: "services" , fix: "none" },
  "internal-port-missing": { severity: "warning", docs: cfg("the-http_service-section"), title: "A service without internal_port", group: "services" , fix: "unsafe" },
  "internal-port-mismatch": { severity: "warning", docs: "https://fly.io/docs/getting-started/troubleshooting/#your-app-isnt-listening-on-the-right-address", title: "[env] PORT differs from internal_port", group: "services" , fix: "unsafe" },

  "check-duration-clamped": { severity: "warning", docs: cfg("services-http_checks"), title: "A service check duration flyctl clamps to 1 s–1 min", group: "checks" , fix: "none" },
  "toplevel-check-invalid": { severity: "error", docs: cfg("the-checks-section"), title: "A [checks.x] flyctl rejects", group: "checks" , fix: "safe" },
  "kill-signal-invalid": { severity: "error", docs: cfg("kill_signal-option"), title: "kill_signal is not a signal name", group: "other" , fix: "unsafe" },
  "kill-timeout-too-long": { severity: "error", docs: cfg("kill_timeout-option"), title: "kill_timeout above 300 s", group: "other" , fix: "safe" },
  "service-processes-missing": { severity: "error", docs: cfg("the-processes-section"), title: "A service without processes while [processes] exists", group: "processes" , fix: "unsafe" },
  "unknown-process-group": { severity: "error", docs: cfg("the-processes-section"), title: "A processes entry naming no process group", group: "processes" , fix: "unsafe" },
  "command-unbalanced-quotes": { severity: "error", docs: cfg("the-processes-section"), title: "A command that does not split as shell words", group: "processes" , fix: "none" },
  "mount-invalid": { severity: "error", docs: cfg("the-mounts-section"), title: "A [[mounts]] flyctl rejects", group: "other" , fix: "none" },
  "deploy-strategy-invalid": { severity: "error", docs: cfg("picking-a-deployment-strategy"), title: "An unsupported or impossible deploy strategy", group: "other" , fix: "unsafe" },
  "restart-policy-invalid": { severity: "error", docs: cfg("the-restart-section"), title: "A restart policy fly.toml does not accept", group: "other" , fix: "unsafe" },
  "env-reserved-name": { severity: "error", docs: cfg("the-env-variables-section"), title: "An [env] name starting with FLY_", group: "other" , fix: "none" },
  "env-secret-like": { severity: "warning", docs: "https://fly.io/docs/apps/secrets/", title: "A secret-looking [env] name", group: "other" , fix: "none" },
  "vm-invalid": { severity: "error", docs: cfg("the-vm-section"), title: "An invalid [[vm]] size, kind or memory", group: "other" , fix: "unsafe" },
  "build-multiple-strategies": { severity: "warning", docs: cfg("the-build-section"), title: "More than one build strategy", group: "other" , fix: "none" },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];
