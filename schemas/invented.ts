/** Keys people invent: what to say instead, and the key to rename to where there is one. */
export const INVENTED_KEYS: Record<string, { message: string; rename?: string }> = {
  max_machines_running: {
    message:
      "`max_machines_running` does not exist: the most Machines that can run is the number that exist (`fly scale count`); autostart " +
      "never creates Machines. Remove it.",
  },
  auto_machine_start: { message: "`auto_machine_start` does not exist; the key is `auto_start_machines`.", rename: "auto_start_machines" },
  auto_machine_stop: { message: "`auto_machine_stop` does not exist; the key is `auto_stop_machines`.", rename: "auto_stop_machines" },
  min_machine_running: {
    message: "`min_machine_running` does not exist; the key is `min_machines_running`.",
    rename: "min_machines_running",
  },
  enable_ha: {
    message:
      "`enable_ha` is not a fly.toml key: high availability comes from running two or more Machines (`fly scale count 2`). Remove it.",
  },
};

/** Keys that are right somewhere else, by the table path they are written in (as the shape check writes it: `services[]`). */
export const MISPLACED_KEYS: Record<string, Record<string, { message: string; renames: string[] }>> = {
  "services[]": {
    checks: {
      message:
        "In [[services]], health checks are `[[services.http_checks]]` (with a `path`) or `[[services.tcp_checks]]`; `checks` is how " +
        "[http_service] spells them, so flyctl silently ignores this one.",
      renames: ["http_checks", "tcp_checks"],
    },
  },
  "restart[]": {
    max_retries: {
      message: "In [[restart]] the key is `retries` (`max_retries` is its name in the Machines API), so flyctl silently ignores this one.",
      renames: ["retries"],
    },
  },
};
