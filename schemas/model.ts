/**
 * The fly.toml model: every section and key flyctl reads (flyctl v0.4.87, fly-go v0.9.6), with the legacy
 * forms flyctl still accepts. It drives validation, hover, completion and schemas/fly.schema.json.
 */
import { z } from "zod";
import { GPU_DEFAULT_SIZE, PORT_RANGE, VM_PRESETS } from "./facts";
import { bool, cfg, duration, GO_DURATION, int, num, oneOf, str, strings, table, tableOrArray, type FlyMeta } from "./meta";

/** A port number: the JSON schema states its range, and port-out-of-range checks the same one. */
const port = (meta: FlyMeta) => z.int().min(PORT_RANGE.min).max(PORT_RANGE.max).meta(meta);

const PROCESSES = (what: string) =>
  strings({
    description:
      `Process groups ${what} applies to. Each name must be a key of \`[processes]\`, or \`app\` when there is no ` +
      `\`[processes]\` section. Without it, only the default group gets it.`,
    docs: cfg("the-processes-section"),
    default: "the default process group",
  });

// ---------- shared sub-tables ----------

const concurrency = table(
  {
    type: oneOf(
      {
        connections: "Counts open TCP connections. Every HTTP request opens a new connection to the app.",
        requests: "Counts concurrent HTTP requests; the proxy pools and reuses connections to the app. Recommended for HTTP services.",
      },
      { description: "What Fly Proxy counts as load on a Machine.", default: '"connections"', docs: cfg("http_service-concurrency") },
    ),
    soft_limit: int({
      description:
        "Load at which a Machine is considered busy: new traffic goes to it only if every other Machine in the region is also at its " +
        "soft limit. It also defines the excess capacity that autostop stops and autostart adds.",
      default: "20",
      docs: cfg("http_service-concurrency"),
    }),
    hard_limit: int({
      description:
        "Load at which a Machine gets no new traffic at all: requests queue, and under sustained overload the proxy answers 503.",
      default: "no limit",
      docs: cfg("http_service-concurrency"),
    }),
  },
  {
    description: "How Fly Proxy measures load for balancing and for autostop/autostart. A single table, never `[[…]]`.",
    docs: cfg("http_service-concurrency"),
  },
);

const tlsOptions = table(
  {
    alpn: strings({ description: 'ALPN protocols offered at the edge, e.g. `["h2", "http/1.1"]`.', docs: cfg("http_service-tls_options") }),
    versions: strings({
      description: 'TLS versions accepted at the edge: `"TLSv1.2"`, `"TLSv1.3"`.',
      docs: cfg("http_service-tls_options"),
    }),
    default_self_signed: bool({
      description: "Serve a self-signed certificate for hostnames that have none.",
      default: "false",
      docs: cfg("http_service-tls_options"),
    }),
  },
  { description: "TLS termination options for the `tls` handler (port 443 of `[http_service]`).", docs: cfg("http_service-tls_options") },
);

const replayCache = table(
  {
    path_prefix: str({
      description: "Path (or host/path, no scheme or port) where a cached `fly-replay` decision applies; the longest match wins.",
      docs: cfg("http_service-http_options-replay_cache-path_prefix"),
    }),
    ttl_seconds: int({
      description: "How long a replay decision stays cached, at least 10 seconds.",
      docs: cfg("http_service-http_options-replay_cache-ttl_seconds"),
    }),
    type: oneOf(
      { cookie: "The cache key comes from a cookie.", header: "The cache key comes from a request header." },
      { description: "Where the cache key comes from.", docs: cfg("http_service-http_options-replay_cache-type") },
    ),
    name: str({
      description: "Name of the cookie or header used as the cache key.",
      docs: cfg("http_service-http_options-replay_cache-name"),
    }),
    allow_bypass: bool({
      description: "Let clients skip the cache with `fly-replay-cache-control: skip`.",
      default: "false",
      docs: cfg("http_service-http_options-replay_cache-allow_bypass"),
    }),
  },
  { description: "Caches `fly-replay` decisions.", docs: cfg("http_service-http_options-replay_cache") },
);

const httpOptions = table(
  {
    compress: bool({ description: "Compress HTTP responses at the proxy.", default: "false" }),
    h2_backend: bool({
      description: "The app speaks HTTP/2 cleartext (h2c, prior knowledge), e.g. gRPC behind the `http` handler.",
      default: "false",
      docs: cfg("http_service-http_options-h2_backend"),
    }),
    idle_timeout: int({
      description: "Idle timeout, in seconds, for connections to the app.",
      default: "the proxy's default",
      docs: cfg("http_service-http_options-idle_timeout"),
    }),
    headers_read_timeout: int({ description: "How long the proxy waits for request headers (undocumented fly-go field)." }),
    response: table(
      {
        pristine: bool({
          description: "Stop the proxy adding or changing `Server`, `Via`, `Fly-Request-Id` and `Fly-Cache-Status`.",
          default: "false",
          docs: cfg("http_service-http_options-response-pristine"),
        }),
        headers: z.record(z.string(), z.union([z.string(), z.boolean(), z.array(z.string())])).meta({
          description: "Response headers to change: `false` removes one, a string sets it, an array of strings sets several values.",
          docs: cfg("http_service-http_options-response-headers"),
        }),
      },
      { description: "Changes to responses.", docs: cfg("http_service-http_options-response-headers") },
    ),
    replay_cache: z
      .array(replayCache)
      .meta({ description: "Caches for `fly-replay` decisions.", docs: cfg("http_service-http_options-replay_cache") }),
  },
  { description: "Tuning of the `http` handler.", docs: cfg("http_service-http_options-idle_timeout") },
);

const proxyProtoOptions = table(
  {
    version: oneOf(
      { v1: "PROXY protocol version 1 (text).", v2: "PROXY protocol version 2 (binary)." },
      { description: "PROXY protocol version.", default: '"v1"', docs: cfg("services-ports-proxy_proto_options") },
    ),
  },
  { description: "Options of the `proxy_proto` handler.", docs: cfg("services-ports-proxy_proto_options") },
);

const headers = (docs: string) =>
  z
    .union([
      z.record(z.string(), z.string()),
      z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
        .meta({ description: "Non-string header values.", coerced: "string header values" }),
      z
        .array(
          z.object({
            name: z.string().meta({ description: "Header name." }),
            value: z.string().optional().meta({ description: "Header value." }),
          }),
        )
        .meta({ description: "Headers as `[{name, value}]`.", coerced: "a `headers` table of name = value" }),
    ])
    .meta({ description: 'Headers sent with the check. Use `X-Forwarded-Proto = "https"` when the app redirects plain HTTP.', docs });

const checkDurations = (unit: "ms" | "ns", docs: string) => ({
  grace_period: duration(
    unit,
    { description: "How long after a Machine starts before checks count. Make it longer than the app's start-up time.", docs },
    { emptyMeansUnset: unit === "ms" },
  ),
  interval: duration(
    unit,
    { description: "Time between two checks. flyctl raises values under 1 s to 1 s and lowers values over 1 minute to 1 minute.", docs },
    { emptyMeansUnset: unit === "ms" },
  ),
  timeout: duration(
    unit,
    { description: "A check taking longer than this fails. Clamped to 1 s–1 minute like `interval`.", docs },
    { emptyMeansUnset: unit === "ms" },
  ),
});

const LEGACY_RESTART_LIMIT = int({
  description: "Nomad-era restart limit.",
  legacy: "`restart_limit` is a V1 (Nomad) setting; Machines ignore it.",
});

// flyctl's header patches (string values, `[{name, value}]` lists) run only for `[[services]]` and top-level checks.
const strictHeaders = (docs: string) =>
  z.record(z.string(), z.string()).meta({
    description:
      'Headers sent with the check, as name = "value" strings (flyctl does not convert other forms here). Use `X-Forwarded-Proto = "https"` ' +
      "when the app redirects plain HTTP.",
    docs,
  });

const httpCheckKeys = (docs: string) => ({
  method: str({ description: "HTTP method of the check.", default: '"GET"', docs }),
  path: str({ description: "Path requested on the internal port.", docs }),
  protocol: oneOf(
    { http: "Plain HTTP to the internal port.", https: "HTTPS to the internal port." },
    { description: "Protocol used to reach the app.", default: '"http"', docs },
  ),
  tls_skip_verify: bool({ description: 'Skip certificate verification (only with `protocol = "https"`).', default: "false", docs }),
  tls_server_name: str({ description: 'SNI name sent when `protocol = "https"`.', docs }),
  headers: headers(docs),
});

const serviceTcpCheck = table(
  {
    ...checkDurations("ms", cfg("services-tcp_checks")),
    restart_limit: LEGACY_RESTART_LIMIT,
    port: int({
      description: "Nomad-era check port.",
      legacy: "TCP checks always use the service's `internal_port`; `port` here is a V1 leftover.",
    }),
  },
  {
    description:
      "A TCP health check: the Machine is taken out of routing while the connection fails. Bare integer durations are milliseconds.",
    docs: cfg("services-tcp_checks"),
  },
);

const serviceHttpCheck = table(
  {
    ...checkDurations("ms", cfg("services-http_checks")),
    ...httpCheckKeys(cfg("services-http_checks")),
    restart_limit: LEGACY_RESTART_LIMIT,
  },
  {
    description:
      "An HTTP health check against `internal_port`. Failing Machines leave routing but are not restarted. Bare integer durations are " +
      "milliseconds.",
    docs: cfg("services-http_checks"),
  },
);

const httpServiceCheck = table(
  {
    ...checkDurations("ns", cfg("http_service-checks")),
    ...httpCheckKeys(cfg("http_service-checks")),
    headers: strictHeaders(cfg("http_service-checks")),
    restart_limit: LEGACY_RESTART_LIMIT,
  },
  {
    description: "An HTTP health check against `internal_port`. flyctl does **not** convert bare integers here: they are nanoseconds.",
    docs: cfg("http_service-checks"),
  },
);

const machineCheck = table(
  {
    image: str({
      description: "Image of the test Machine. `FLY_TEST_MACHINE_IP` holds the tested Machine's private IP.",
      default: "the image being deployed",
      docs: cfg("services-machine_checks"),
    }),
    entrypoint: strings({ description: "Entrypoint of the test Machine.", docs: cfg("services-machine_checks") }),
    command: strings({ description: "Test command; a non-zero exit stops the deploy.", docs: cfg("services-machine_checks") }),
    kill_signal: str({ description: "Signal used to stop the test Machine.", docs: cfg("services-machine_checks") }),
    kill_timeout: duration("ns", {
      description: "Time allowed for the test Machine to stop. A bare integer is nanoseconds: use a string with units.",
      docs: cfg("services-machine_checks"),
    }),
  },
  {
    description:
      "A deploy-time test: a temporary Machine runs `command` before traffic moves. Runs only with the rolling and canary strategies.",
    docs: cfg("services-machine_checks"),
  },
);

const AUTOSTOP_DOCS = "https://fly.io/docs/launch/autostop-autostart/#configure-autostop-autostart";
const autostopKeys = {
  auto_stop_machines: z
    .union([
      oneOf(
        {
          off: "Fly Proxy never stops Machines.",
          stop: "Fly Proxy stops Machines it finds idle or in excess; they start again on the next request when autostart is on.",
          suspend:
            "Like stop, but snapshots memory for a faster resume; falls back to stop when suspend is not possible (swap, GPU, more than " +
            "2 GB).",
        },
        { description: "Whether Fly Proxy stops idle Machines." },
      ),
      z.boolean().meta({ description: 'Legacy boolean: `true` means `"stop"`, `false` means `"off"`.', coerced: '`"stop"` or `"off"`' }),
    ])
    .meta({
      description:
        "What Fly Proxy does with idle or excess Machines of this service. The check runs every few minutes and stops at most one " +
        "Machine per region per pass.",
      default: '"off" (`fly launch` writes "stop")',
      values: {
        off: "Never stop Machines.",
        stop: "Stop idle Machines; autostart brings them back on the next request.",
        suspend: "Snapshot and suspend idle Machines for a faster resume; falls back to stop.",
      },
      docs: AUTOSTOP_DOCS,
    }),
  auto_start_machines: bool({
    description:
      "Whether Fly Proxy starts a stopped or suspended Machine when a request arrives and the running ones are at their soft limit. " +
      "Keep it `true` when autostop is on, or stopped Machines never come back.",
    default: "true",
    docs: AUTOSTOP_DOCS,
  }),
  min_machines_running: int({
    description:
      "Machines to keep running **in `primary_region` only** when autostop is on. Has no effect while `auto_stop_machines` is off.",
    default: "0",
    docs: "https://fly.io/docs/launch/autostop-autostart/#minimum-number-of-machines-running",
  }),
};

// ---------- [http_service] ----------

const httpService = table(
  {
    internal_port: port({
      description:
        "Port the app listens on inside the Machine, bound to `0.0.0.0`. Fly Proxy forwards ports 80 and 443 to it. flyctl does not " +
        "convert strings here.",
      default: "8080 (docs)",
      docs: cfg("the-http_service-section"),
    }),
    force_https: bool({
      description:
        "Redirect plain HTTP on port 80 to HTTPS with a 301. **Must be `false` for private (Flycast) apps**: Flycast is HTTP-only, so a " +
        "redirect breaks every private request.",
      default: "false (`fly launch` writes true)",
      docs: "https://fly.io/docs/networking/flycast/#flycast-requirements",
    }),
    ...autostopKeys,
    processes: PROCESSES("this service"),
    concurrency,
    tls_options: tlsOptions,
    http_options: httpOptions,
    checks: z
      .array(httpServiceCheck)
      .meta({ description: "HTTP health checks of this service. Always `[[http_service.checks]]`.", docs: cfg("http_service-checks") }),
    machine_checks: z
      .array(machineCheck)
      .meta({ description: "Deploy-time test Machines.", docs: cfg("the-http_service-machine_checks-section") }),
  },
  {
    description:
      "The HTTP service: Fly Proxy accepts port 80 (`http` handler) and 443 (`tls` + `http`) and forwards both to `internal_port`. " +
      "Private apps reach it through Flycast (`http://<app>.flycast`).",
    docs: cfg("the-http_service-section"),
  },
);

// ---------- [[services]] ----------

const portNumber = (description: string) => port({ description, docs: cfg("services-ports") });

const servicePort = table(
  {
    port: z
      .union([
        portNumber("External port Fly Proxy listens on."),
        z
          .string()
          // what strconv.Atoi reads (patches.go castToString): digits and a sign, no spaces
          .regex(/^[+-]?\d+$/)
          .meta({ description: "Port as a string.", coerced: "an integer port" }),
      ])
      .meta({ description: "External port Fly Proxy listens on (1–65535).", docs: cfg("services-ports") }),
    start_port: portNumber("First external port of a range."),
    end_port: portNumber("Last external port of a range."),
    handlers: z
      .array(
        oneOf(
          {
            http: "Normalises to HTTP/1.1 and adds `Fly-*` and `X-Forwarded-*` headers.",
            tls: "Terminates TLS with Fly's certificates.",
            pg_tls: "Postgres-aware TLS termination.",
            proxy_proto: "Prepends a PROXY protocol header.",
            edge_http: "Undocumented edge HTTP handler.",
          },
          { description: "A connection handler." },
        ),
      )
      .meta({
        description: "Middleware applied at the edge. Empty means raw TCP pass-through; leave it out for UDP.",
        default: "[]",
        docs: "https://fly.io/docs/networking/services/#configure-connection-handlers",
      }),
    force_https: bool({
      description: "Redirect HTTP to HTTPS with a 301. Needs the `http` handler; must be `false` on private (Flycast) apps.",
      default: "false",
      docs: "https://fly.io/docs/networking/services/#http-to-https-redirects",
    }),
    tls_options: tlsOptions,
    http_options: httpOptions,
    proxy_proto_options: proxyProtoOptions,
  },
  {
    description: 'An external port (or range) of this service and its handlers. The usual pair is 80 `["http"]` and 443 `["tls", "http"]`.',
    docs: cfg("services-ports"),
  },
);

const service = table(
  {
    internal_port: z
      .union([
        port({ description: "Port inside the Machine." }),
        z
          .string()
          // what strconv.Atoi reads (patches.go castToString): digits and a sign, no spaces
          .regex(/^[+-]?\d+$/)
          .meta({ description: "Port as a string.", coerced: "an integer port" }),
      ])
      .meta({
        description: "Port the app listens on inside the Machine: `0.0.0.0` for TCP, `fly-global-services` for UDP.",
        default: "8080 (docs)",
        docs: cfg("the-services-sections"),
      }),
    protocol: oneOf(
      { tcp: "TCP (HTTP included).", udp: "UDP; needs a dedicated IPv4 and a bind on `fly-global-services`." },
      { description: "Transport of this service; the Machines API requires it.", docs: cfg("the-services-sections") },
    ),
    ...autostopKeys,
    processes: PROCESSES("this service"),
    ports: tableOrArray(servicePort, { description: "External ports of this service: `[[services.ports]]`.", docs: cfg("services-ports") }),
    concurrency: z
      .union([
        concurrency,
        z
          .string()
          // patches.go _patchService: strings.Cut at "," then strconv.Atoi on each side (no spaces)
          .regex(/^[+-]?\d+,[+-]?\d+$/)
          .meta({ description: 'Legacy "soft,hard" string.', coerced: "a `[services.concurrency]` table" }),
      ])
      .meta({ description: "How Fly Proxy measures load on this service's Machines.", docs: cfg("services-concurrency") }),
    tcp_checks: tableOrArray(serviceTcpCheck, { description: "TCP health checks.", docs: cfg("services-tcp_checks") }),
    http_checks: tableOrArray(serviceHttpCheck, { description: "HTTP health checks.", docs: cfg("services-http_checks") }),
    machine_checks: z.array(machineCheck).meta({ description: "Deploy-time test Machines.", docs: cfg("services-machine_checks") }),
    script_checks: z
      .unknown()
      .meta({ description: "Nomad-era script checks.", legacy: "`script_checks` ran under Nomad (Apps V1); Machines ignore them." }),
  },
  {
    description:
      "A service: one internal port exposed on one or more external ports by Fly Proxy. Use it for TCP, UDP or non-standard ports.",
    docs: cfg("the-services-sections"),
  },
);

// ---------- the rest ----------

const topLevelCheck = table(
  {
    type: oneOf(
      { http: "An HTTP request to `port` + `path`.", tcp: "A TCP connection to `port`." },
      { description: "Kind of check. Required.", docs: cfg("the-checks-section") },
    ),
    port: port({
      description: "Port to check (the app must listen on 0.0.0.0 there). Taken from `[http_service]` when missing.",
      docs: cfg("the-checks-section"),
    }),
    grace_period: duration(
      "ms",
      { description: "Wait after start before the first check.", docs: cfg("the-checks-section") },
      { emptyMeansUnset: true },
    ),
    interval: duration(
      "ms",
      { description: "Time between checks; at least 2 s.", docs: cfg("the-checks-section") },
      { emptyMeansUnset: true },
    ),
    timeout: duration(
      "ms",
      { description: "Time allowed for one check; at most 60 s.", docs: cfg("the-checks-section") },
      { emptyMeansUnset: true },
    ),
    ...httpCheckKeys(cfg("the-checks-section")),
    processes: PROCESSES("this check"),
  },
  {
    description: "A named top-level check. These checks are informational: they never change routing or restart Machines.",
    docs: cfg("the-checks-section"),
  },
);

const SIZE_GB = "A size: a bare number means GB; `10gb`, `500mb` use decimal units.";

const mount = table(
  {
    source: str({
      description: "Name of the volume to mount. An unattached volume with this name in the Machine's region is used.",
      docs: cfg("the-mounts-section"),
    }),
    destination: str({ description: "Absolute path where the volume is mounted (not `/`).", docs: cfg("the-mounts-section") }),
    processes: PROCESSES("this mount"),
    initial_size: z
      .union([
        str({ description: SIZE_GB, sizeUnit: "GB" }),
        z.number().meta({ description: "Size in GB as a number.", coerced: 'a size string such as "10gb"' }),
      ])
      .meta({
        description: "Size of volumes created by `fly launch`/`fly deploy`; at least 1 GB.",
        default: "1GB",
        docs: cfg("the-mounts-section"),
        sizeUnit: "GB",
      }),
    snapshot_retention: int({ description: "Days that snapshots are kept (1–60).", default: "5", docs: cfg("the-mounts-section") }),
    scheduled_snapshots: bool({ description: "Take automatic daily snapshots.", default: "true", docs: cfg("the-mounts-section") }),
    auto_extend_size_threshold: int({
      description: "Usage percentage (50–99) that makes the volume grow.",
      docs: cfg("auto_extend_size_threshold"),
    }),
    auto_extend_size_increment: str({
      description: "Amount added each time the volume grows (1–100 GB).",
      docs: cfg("auto_extend_size_increment"),
      sizeUnit: "GB",
    }),
    auto_extend_size_limit: str({
      description: "Largest size the volume may grow to (1–500 GB).",
      docs: cfg("auto_extend_size_limit"),
      sizeUnit: "GB",
    }),
  },
  { description: "A volume mounted into the Machines of a process group (one per group).", docs: cfg("the-mounts-section") },
);

const vmSizeValues: Record<string, string> = {};
for (const [s, p] of Object.entries(VM_PRESETS)) {
  vmSizeValues[s] = p.gpu
    ? `GPU preset: ${p.cpus} performance CPUs, ${p.memoryMb / 1024} GB, one GPU.`
    : `${p.cpus} ${p.cpuKind} CPU${p.cpus === 1 ? "" : "s"}, ${p.memoryMb} MB.`;
}

const computeKeys = {
  size: oneOf(vmSizeValues, {
    description: "Machine preset; the other keys override it.",
    default: `"shared-cpu-1x", or "${GPU_DEFAULT_SIZE}" when \`gpu_kind\` is set`,
    docs: cfg("the-vm-section"),
  }),
  memory: z
    .union([
      str({ description: "Memory with units.", sizeUnit: "MB" }),
      z.number().meta({ description: "Memory in MB as a number.", coerced: 'a memory string such as "512mb"' }),
    ])
    .meta({
      description: 'Memory, e.g. `"1gb"` or `"512mb"` (binary units; a bare number means MB). Overrides the preset.',
      docs: cfg("the-vm-section"),
      sizeUnit: "MB",
    }),
  memory_mb: int({ description: "Memory in MB; wins over `memory` and `size`." }),
  max_memory_mb: int({ description: "Upper memory bound in MB." }),
  cpus: int({ description: "Number of CPUs; overrides the preset.", docs: cfg("the-vm-section") }),
  cpu_kind: oneOf(
    { shared: "Shared CPU cores.", performance: "Dedicated performance cores." },
    { description: "CPU class.", docs: cfg("the-vm-section") },
  ),
  gpus: int({ description: "Number of GPUs.", docs: cfg("the-vm-section") }),
  gpu_kind: oneOf(
    { "a100-pcie-40gb": "NVIDIA A100 40 GB PCIe.", "a100-sxm4-80gb": "NVIDIA A100 80 GB SXM4.", l40s: "NVIDIA L40S.", a10: "NVIDIA A10." },
    { description: "GPU model. GPU Machines cannot suspend.", docs: cfg("the-vm-section") },
  ),
  host_dedication_id: str({ description: "Places these Machines on dedicated hosts.", docs: cfg("the-vm-section") }),
  kernel_args: strings({ description: "Extra kernel parameters.", docs: cfg("the-vm-section") }),
  // fly-go's MachinePersistRootfs reads the names and the numbers 0-3 at parse time, and marks the field deprecated
  persist_rootfs: z
    .union([
      oneOf(
        {
          never: "The root filesystem is reset on every restart.",
          restart: "The root filesystem survives restarts but not updates.",
          always: "The root filesystem survives restarts and updates.",
          none: "Same as never.",
          "": "Unset.",
        },
        { description: "A name." },
      ),
      z.int().min(0).max(3).meta({ description: "A number: 0 unset, 1 never, 2 restart, 3 always." }),
    ])
    .meta({
      description:
        "Whether the root filesystem survives restarts and deploys. Also read as a number 0–3; deprecated in fly-go (Machines " +
        "configure it as `rootfs.persist`), still applied by flyctl.",
      default: '"never"',
      docs: cfg("persist_rootfs"),
    }),
};

const vm = table(
  { ...computeKeys, processes: PROCESSES("this VM size") },
  {
    description: "Machine size of a process group, enforced on every deploy (manual `fly scale vm` changes are reverted).",
    docs: cfg("the-vm-section"),
  },
);

const restart = table(
  {
    policy: oneOf(
      {
        always: "Always restart the Machine when its process exits.",
        never: "Never restart it.",
        "on-failure": "Restart after a non-zero exit, up to `retries` times.",
      },
      {
        description:
          "What happens when the main process exits. fly.toml spells them `always`, `never`, `on-failure` (not the CLI's `no`/`on-fail`).",
        default: '"on-failure"',
        docs: cfg("the-restart-section"),
      },
    ),
    retries: int({ description: "Restart attempts for `on-failure`.", default: "10", docs: cfg("the-restart-section") }),
    processes: PROCESSES("this policy"),
  },
  { description: "Restart policy of a process group.", docs: cfg("the-restart-section") },
);

const metrics = table(
  {
    port: int({ description: "Port of the Prometheus endpoint.", docs: cfg("the-metrics-section") }),
    path: str({ description: "Path of the Prometheus endpoint, usually `/metrics`.", docs: cfg("the-metrics-section") }),
    https: bool({ description: "Scrape over HTTPS." }),
    processes: PROCESSES("this endpoint"),
  },
  { description: "Custom Prometheus metrics scraped into Fly's managed Prometheus.", docs: cfg("the-metrics-section") },
);

const statics = table(
  {
    guest_path: str({ description: "Directory in the image to serve.", docs: cfg("the-statics-sections") }),
    url_prefix: str({ description: "URL prefix served from `guest_path`.", docs: cfg("the-statics-sections") }),
    tigris_bucket: str({ description: "Serve from this Tigris bucket instead.", docs: cfg("the-statics-sections") }),
    index_document: str({ description: "Index document (Tigris only).", docs: cfg("the-statics-sections") }),
  },
  { description: "Static files served by Fly Proxy (at most 10).", docs: cfg("the-statics-sections") },
);

const files = table(
  {
    guest_path: str({ description: "Absolute path of the file in the Machine.", docs: cfg("the-files-section") }),
    local_path: str({ description: "File to copy, relative to the working directory.", docs: cfg("the-files-section") }),
    secret_name: str({ description: "Secret whose base64 value becomes the file.", docs: cfg("the-files-section") }),
    raw_value: str({ description: "Literal file contents.", docs: cfg("the-files-section") }),
    processes: PROCESSES("this file"),
  },
  { description: "A file written into the Machines.", docs: cfg("the-files-section") },
);

const build = table(
  {
    builder: str({ description: "Buildpacks builder image, e.g. `paketobuildpacks/builder:base`.", docs: cfg("builder") }),
    buildpacks: strings({ description: "Buildpacks for `builder` to use.", docs: cfg("builder") }),
    args: z
      .record(z.string(), z.string())
      .meta({ description: "Docker build arguments; not available at run time.", docs: cfg("specify-docker-build-arguments") }),
    image: str({ description: "Deploy this image and skip the build.", docs: cfg("specify-a-docker-image") }),
    settings: z.record(z.string(), z.unknown()).meta({ description: "Builder settings." }),
    builtin: str({ description: "A flyctl builtin builder." }),
    dockerfile: str({
      description: "Dockerfile to build. The build context stays the project root.",
      default: '"Dockerfile"',
      docs: cfg("specify-a-dockerfile"),
    }),
    ignorefile: str({ description: "Alternative `.dockerignore`.", default: '".dockerignore"', docs: cfg("specify-a-docker-ignore-file") }),
    "build-target": str({
      description: "Stage of a multi-stage Dockerfile to build.",
      docs: cfg("specify-a-multistage-docker-build-target"),
    }),
    build_target: str({ description: "Legacy spelling of `build-target`.", coerced: "`build-target`", alias: "build-target" }),
    compose: table(
      { file: str({ description: "Compose file to build from." }) },
      { description: "Build from a Docker Compose file; an empty table auto-detects it." },
    ),
    compression: oneOf(
      { gzip: "gzip image layers.", zstd: "zstd image layers." },
      { description: "Layer compression.", default: '"gzip"' },
    ),
    compression_level: int({ description: "Compression level (0–9).", default: "7" }),
  },
  { description: "How the image is built or which image is deployed.", docs: cfg("the-build-section") },
);

const deploy = table(
  {
    release_command: str({
      description:
        "Command run once per deploy in a temporary Machine with the new image, before any Machine is updated. A non-zero exit aborts " +
        "the deploy.",
      docs: cfg("run-one-off-commands-before-releasing-a-deployment"),
    }),
    release_command_timeout: duration("ns", {
      description: "Time allowed for the release command.",
      default: '"5m"',
      docs: cfg("run-one-off-commands-before-releasing-a-deployment"),
    }),
    // flyctl turns a numeric memory into a string only in [[vm]]/[[compute]]; here a number is a type error
    release_command_vm: table(
      { ...computeKeys, memory: str({ description: 'Memory with units, e.g. `"1gb"` or `"512mb"`.', sizeUnit: "MB" }) },
      {
        description: "Size of the release-command Machine.",
        docs: cfg("run-one-off-commands-before-releasing-a-deployment"),
      },
    ),
    strategy: oneOf(
      {
        rolling: "Replace Machines a few at a time (`max_unavailable`).",
        immediate: "Replace every Machine at once, without waiting for checks.",
        canary: "Boot one new Machine first, then roll. Not with volumes.",
        bluegreen: "Boot a full new set, switch when healthy. Needs health checks; not with volumes.",
      },
      { description: "How a release replaces Machines.", default: '"rolling"', docs: cfg("picking-a-deployment-strategy") },
    ),
    max_unavailable: num({
      description: "Rolling deploys: Machines down at once, a count (≥ 1) or a fraction (0–1).",
      default: "0.33",
      docs: cfg("rolling-deploy-configuration"),
    }),
    wait_timeout: duration("ns", {
      description: "How long a deploy waits for each Machine to start.",
      default: '"5m"',
      docs: cfg("dealing-with-timeout-errors-while-deploying-a-new-version"),
    }),
    seed_command: str({ description: "Command run to seed a new app." }),
  },
  { description: "How releases are rolled out.", docs: cfg("the-deploy-section") },
);

const experimental = table(
  {
    cmd: z
      .union([strings({ description: "Command." }), z.string().meta({ description: "A single string.", coerced: "an array of strings" })])
      .meta({ description: "Overrides the image's CMD.", docs: cfg("the-experimental-section") }),
    entrypoint: z
      .union([
        strings({ description: "Entrypoint." }),
        z.string().meta({ description: "A single string.", coerced: "an array of strings" }),
      ])
      .meta({ description: "Overrides the image's ENTRYPOINT.", docs: cfg("the-experimental-section") }),
    exec: z
      .union([strings({ description: "Exec." }), z.string().meta({ description: "A single string.", coerced: "an array of strings" })])
      .meta({ description: "Overrides both ENTRYPOINT and CMD.", docs: cfg("the-experimental-section") }),
    auto_rollback: bool({ description: "Roll back a failed deploy automatically." }),
    enable_consul: bool({ description: "Provision a Consul cluster URL." }),
    enable_etcd: bool({ description: "Provision an etcd cluster." }),
    lazy_load_images: bool({ description: "Load image layers lazily." }),
    attached: table(
      {
        secrets: table(
          { export: z.record(z.string(), z.string()).meta({ description: "Secrets exported to attached apps." }) },
          { description: "Attached secrets." },
        ),
      },
      { description: "Attached resources." },
    ),
    machine_config: str({ description: "Machine config JSON (inline or a .json path); wins over the top-level key." }),
    // flyctl moves it to the top level: a number is seconds (a float truncated), a string must be a Go duration, "" means unset
    kill_timeout: z
      .union([num({ description: "Seconds (a fraction is dropped)." }), z.string().regex(new RegExp(`${GO_DURATION.source}|^$`))])
      .meta({ description: "Legacy place of `kill_timeout` (seconds).", coerced: "top-level `kill_timeout`", durationUnit: "s" }),
    metrics_port: int({ description: "Legacy metrics port.", coerced: "a `[metrics]` section" }),
    metrics_path: str({ description: "Legacy metrics path.", coerced: "a `[metrics]` section" }),
    allowed_public_ports: z
      .unknown()
      .meta({ description: "V1 public ports.", legacy: "`allowed_public_ports` was an Apps V1 setting; Machines ignore it." }),
    private_network: z.unknown().meta({
      description: "V1 private networking switch.",
      legacy: "`private_network` was an Apps V1 setting; every Machine is on the private network.",
    }),
    enable_6pn: z.unknown().meta({
      description: "V1 private networking switch.",
      legacy: "`enable_6pn` was an Apps V1 setting; every Machine is on the private network.",
    }),
  },
  { description: "Experimental and legacy settings.", docs: cfg("the-experimental-section") },
);

// patches.go patchProcesses: any value of name and command is turned into a string (castToString); an item without a
// name is dropped
const legacyProcessEntry = z.object({
  name: z.unknown().meta({ description: "Name of the process group." }).optional(),
  command: z.unknown().meta({ description: "Command of the process group." }).optional(),
});

/** The whole fly.toml. */
export const flyConfig = table(
  {
    app: str({
      description:
        "The app this file belongs to. flyctl uses it when no `-a` is given; it becomes `<app>.fly.dev`, and `<app>.flycast` on the " +
        "private network once a Flycast IP exists.",
      docs: cfg("the-app-name"),
    }),
    primary_region: str({
      description:
        "Region where `fly deploy` creates new Machines and volumes; exported as `PRIMARY_REGION`. `min_machines_running` applies only " +
        "here.",
      docs: cfg("primary-region"),
    }),
    kill_signal: oneOf(
      {
        SIGINT: "Interrupt (the default).",
        SIGTERM: "Terminate: what most servers treat as drain and exit.",
        SIGQUIT: "Quit.",
        SIGHUP: "Hang up.",
        SIGUSR1: "User signal 1.",
        SIGUSR2: "User signal 2.",
        SIGKILL: "Kill immediately, with no graceful shutdown.",
        SIGSTOP: "Stop (listed in the docs, not in the Machines API).",
      },
      {
        description: "Signal sent to the main process when a Machine is stopped (deploys, `fly machine stop`, autostop).",
        default: '"SIGINT"',
        docs: cfg("kill_signal-option"),
      },
    ),
    kill_timeout: duration(
      "s",
      {
        description: "How long after `kill_signal` before the process is killed; at most 300 s. A bare integer is seconds.",
        default: "5s",
        docs: cfg("kill_timeout-option"),
      },
      { emptyMeansUnset: true },
    ),
    swap_size_mb: int({ description: "Swap space in MB. Prevents Machine suspend.", docs: cfg("swap_size_mb-option") }),
    console_command: str({
      description: "Command `fly console` runs, e.g. a framework REPL. Must split as shell words.",
      docs: cfg("console-command"),
    }),
    host_dedication_id: str({ description: "Places Machines on dedicated hosts." }),
    machine_config: str({ description: "Machine config JSON, inline (starting with `{`) or a path ending in `.json`." }),
    container: str({ description: "Container in `machine_config` that gets the built image." }),
    experimental,
    build,
    deploy,
    env: z
      .union([
        z.record(z.string(), z.string()),
        // patches.go _patchEnv: any value is turned into a string with %v (an array becomes "[a b]")
        z.record(z.string(), z.unknown()).meta({ description: "Non-string values.", coerced: "string values" }),
        z.array(z.record(z.string(), z.unknown())).meta({ description: "`[[env]]` tables.", coerced: "one `[env]` table" }),
      ])
      .meta({
        description:
          'Environment variables of the Machines: `NAME = "value"`. Names must not start with `FLY_`. Put credentials in `fly secrets`, ' +
          "not here.",
        docs: cfg("the-env-variables-section"),
      }),
    processes: z
      .union([
        z.record(z.string(), z.string()),
        z
          .array(z.unknown())
          .max(0)
          .meta({ description: "An empty V1 process list.", legacy: "`processes = []` is an Apps V1 leftover; flyctl ignores it." }),
        z
          .array(legacyProcessEntry)
          .meta({ description: "`[[processes]]` with name and command.", coerced: "a `[processes]` table of name = command" }),
        z.array(z.unknown()).meta({
          description: "A list that is not of tables.",
          legacy: "flyctl keeps only the tables of a `processes` list (patchProcesses), so this one is ignored.",
        }),
      ])
      .meta({
        description:
          'Process groups: `name = "command"`. The command replaces the image\'s CMD. Once this section exists it is the complete list ' +
          "of groups; `app` is implied only without it.",
        docs: cfg("the-processes-section"),
      }),
    mounts: tableOrArray(mount, { description: "Volumes: `[[mounts]]` (or one `[mounts]` table).", docs: cfg("the-mounts-section") }),
    mount: tableOrArray(mount, { description: "Legacy spelling of `mounts`.", docs: cfg("the-mounts-section"), alias: "mounts" }),
    http_service: httpService,
    services: tableOrArray(service, { description: "TCP/UDP services: `[[services]]`.", docs: cfg("the-services-sections") }),
    checks: z
      .union([
        z.record(z.string(), topLevelCheck),
        z
          .array(
            topLevelCheck.extend({ name: z.string().meta({ description: "Name of the check (flyctl rejects an item without one)." }) }),
          )
          .meta({ description: "Checks as a list with `name`.", coerced: "named `[checks.<name>]` tables" }),
      ])
      .meta({ description: "Named top-level checks: `[checks.<name>]`.", docs: cfg("the-checks-section") }),
    files: z.array(files).meta({ description: "Files written into Machines: `[[files]]`.", docs: cfg("the-files-section") }),
    machine_checks: z
      .array(machineCheck)
      .meta({ description: "Deploy-time test Machines for every service.", docs: cfg("services-machine_checks") }),
    restart: z.array(restart).meta({ description: "Restart policies: `[[restart]]`.", docs: cfg("the-restart-section") }),
    vm: tableOrArray(vm, { description: "Machine sizes: `[[vm]]` (or one `[vm]` table).", docs: cfg("the-vm-section") }),
    compute: tableOrArray(vm, { description: "Alias of `[[vm]]`.", docs: cfg("the-vm-section"), alias: "vm" }),
    computes: tableOrArray(vm, { description: "Alias of `[[vm]]`.", docs: cfg("the-vm-section"), alias: "vm" }),
    statics: z.array(statics).meta({ description: "Static file mappings: `[[statics]]`.", docs: cfg("the-statics-sections") }),
    metrics: tableOrArray(metrics, {
      description: "Prometheus endpoints: `[[metrics]]` (or one `[metrics]` table).",
      docs: cfg("the-metrics-section"),
    }),
    metric: tableOrArray(metrics, { description: "Alias of `[[metrics]]`.", docs: cfg("the-metrics-section"), alias: "metrics" }),
  },
  { description: "Fly.io app configuration.", docs: cfg("") },
);
