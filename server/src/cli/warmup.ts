/**
 * A fly.toml that goes through most of the checker (every section, legacy forms, a few mistakes of each kind):
 * checked once, silently, before V8's code cache of the CLI is written, so the cache holds the code that real
 * files need and not only what the first run's files happened to use.
 */
import type { Ip } from "../../../core/ips";
import { createLanguageService } from "../service";
import { formatGithub, formatJson, formatSarif, formatText, report } from "./formats";

export const SAMPLE = `# warm-up
app = "warm-up"
primary_region = "ams"
kill_signal = "TERM"
kill_timeout = 600
swap_size_mb = 512
console_command = "/app/bin/console 'x"

[build]
  image = "flyio/app:latest"
  dockerfile = "Dockerfile"
  [build.args]
    NODE_ENV = "production"

[deploy]
  release_command = "bin/migrate"
  strategy = "canary"

[env]
  PORT = "3000"
  HOST = "127.0.0.1"
  FLY_REGION = "ams"
  API_TOKEN = "sk_live_abcdefghijklmnopqrstuvwxyz"
  API_URL = "https://other.flycast/v1"
  DB_URL = "postgres://db.internal:5432/app"
  WORKERS = 4

[experimental]
  allowed_public_ports = []
  cmd = "node server.js --host localhost"

[processes]
  web = "node server.js -b 0.0.0.0"
  worker = "node worker.js"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = true
  auto_start_machines = false
  min_machines_running = 2
  processes = ["web", "wrker"]
  [[http_service.concurrency]]
    type = "connections"
    soft_limit = 50
    hard_limit = 25
  [[http_service.checks]]
    interval = 10000
    timeout = "2s"
    path = "/health"
    [http_service.checks.headers]
      X-Forwarded-Proto = "https"

[[services]]
  internal_port = "9000"
  protocol = "udp"
  auto_stop_machines = "suspend"
  concurrency = "20,25"
  script_checks = []
  [[services.ports]]
    port = "80"
    handlers = ["http"]
    force_https = true
  [[services.ports]]
    start_port = 5000
    end_port = 4000
    tls_options = { alpn = ["h2"] }
  [[services.tcp_checks]]
    interval = 500
    timeout = "70s"
  [[services.http_checks]]
    interval = "10s"
    grace_period = 300
    path = "/"

[checks.status]
  port = 8080
  type = "htp"
  interval = "1s"
  timeout = "90s"

[[vm]]
  size = "shared-cpu-9x"
  memory = 4096
  cpu_kind = "shared"
  gpu_kind = "a100-pcie-40gb"
  processes = ["web"]

[[mounts]]
  source = "data"
  destination = "/data"
  initial_size = "500mb"
  snapshot_retention = 90
  auto_extend_size_threshold = 120
  processes = ["worker"]

[[restart]]
  policy = "on-fail"
  max_retries = 5

[[statics]]
  guest_path = "/app/public"
  url_prefix = "/static"

[[metrics]]
  port = 9091
  path = "/metrics"

[[files]]
  guest_path = "/etc/app.conf"
  local_path = "app.conf"
`;

const WARM_IPS: Ip[] = [
  { ID: "ip_1", Address: "fdaa:0:1::2", Type: "private_v6" },
  { ID: "ip_2", Address: "2a09:8280:1::1", Type: "v6" },
];

/** A line that does not parse, for the syntax error path. */
const BROKEN = 'app = "warm-up"\n[http_service\n  internal_port = 8080\n';

/** A few fixable mistakes, safe and unsafe: --fix's code, without the many passes the whole sample would take. */
export const FIXABLE = `app = "warm-up"
[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = true
  auto_start_machines = true
`;

/**
 * Runs the checker over the sample in every way the CLI does, and throws nothing away but the time: each path
 * once (what a second pass would run is compiled already), and --fix on a short file that has fixes to apply.
 */
export function warmUp(): void {
  const service = createLanguageService();
  service.analyze(SAMPLE, null);
  service.analyze(BROKEN, null);
  const findings = service.analyze(SAMPLE, WARM_IPS).findings;
  const fixed = service.fixAllText(FIXABLE, WARM_IPS, { unsafe: true }).applied;
  const results = [report("fly.toml", SAMPLE, findings), report("fixable/fly.toml", FIXABLE, [], fixed)];
  formatText(results, false, { fixing: true });
  formatJson(results, true);
  formatGithub(results);
  formatSarif(results, "0");
}
