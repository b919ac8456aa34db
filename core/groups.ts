/** The rule groups: each rule belongs to one, and each can be turned off (`flyToml.diagnostics.<group>`). */

export const RULE_GROUPS = {
  syntax: { title: "Syntax and shape", setting: "TOML syntax, unknown keys, types and legacy forms" },
  flycast: { title: "Flycast and private apps", setting: "Flycast and private apps (force_https, public IPs, binding)" },
  autostop: { title: "Autostop and autostart", setting: "Autostop and autostart" },
  concurrency: { title: "Concurrency", setting: "Concurrency limits" },
  services: { title: "Services, ports and handlers", setting: "Services, ports and handlers" },
  checks: { title: "Health checks", setting: "Health checks" },
  processes: { title: "Process groups and commands", setting: "Process groups and commands" },
  other: { title: "Mounts, deploy, restart, env, VM and build", setting: "Mounts, deploy, restart, env, vm and build" },
} as const;

export type RuleGroup = keyof typeof RULE_GROUPS;

export const RULE_GROUP_IDS = Object.keys(RULE_GROUPS) as RuleGroup[];
