/** Parsing what `flyctl machines list --json` and `flyctl volumes list --json` print, validated with zod (loose: newer fields pass). */
import { z } from "zod";
import { parseOutput } from "./json-output";
import type { Machine, Volume } from "./live";

const num = z.number().optional();
const str = z.string().optional();

const ServiceSchema = z.looseObject({
  protocol: str,
  internal_port: num,
  autostop: z.union([z.boolean(), z.string()]).optional(),
  autostart: z.boolean().optional(),
  min_machines_running: num,
  ports: z
    .array(
      z.looseObject({
        port: num,
        start_port: num,
        end_port: num,
        handlers: z.array(z.string()).optional(),
        force_https: z.boolean().optional(),
      }),
    )
    .nullable()
    .optional()
    .transform((p) => p ?? undefined),
});

export const MachineSchema = z.looseObject({
  id: z.string(),
  name: str,
  state: z.string(),
  region: str,
  created_at: str,
  updated_at: str,
  host_status: str,
  config: z
    .looseObject({
      env: z.record(z.string(), z.string()).nullable().optional(),
      metadata: z.record(z.string(), z.string()).nullable().optional(),
      services: z.array(ServiceSchema).nullable().optional(),
      mounts: z
        .array(z.looseObject({ path: str, volume: str, name: str, size_gb: num }))
        .nullable()
        .optional(),
      guest: z.looseObject({ cpu_kind: str, cpus: num, memory_mb: num }).nullable().optional(),
    })
    .nullable()
    .optional(),
  events: z
    .array(z.looseObject({ type: str, status: str, timestamp: num }))
    .nullable()
    .optional(),
  checks: z
    .array(z.looseObject({ name: z.string(), status: z.string(), output: str, updated_at: str }))
    .nullable()
    .optional(),
});

export const VolumeSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  state: str,
  size_gb: num,
  region: str,
  attached_machine_id: z.string().nullable().optional(),
  host_status: str,
});

export const MachineListSchema = z.array(MachineSchema);
export const VolumeListSchema = z.array(VolumeSchema);

/** Parses `flyctl machines list --json`; throws an Error saying what is wrong. */
export function parseMachineList(json: string): Machine[] {
  return parseOutput(json, MachineListSchema, "fly machines list --json");
}

/** Parses `flyctl volumes list --json`; throws an Error saying what is wrong. */
export function parseVolumeList(json: string): Volume[] {
  return parseOutput(json, VolumeListSchema, "fly volumes list --json");
}
