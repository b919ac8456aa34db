/**
 * The numbers and tables of Fly.io that the model states and the rules check against: one place, without zod,
 * so the language service (which reads the compiled model) and the model itself (and its JSON schema) share them.
 */

/** A port: 1–65535. */
export const PORT_RANGE = { min: 1, max: 65535 } as const;

const SECOND = 1e9;
const MINUTE = 60 * SECOND;

/** Service check durations (`[[services.*_checks]]`, `[[http_service.checks]]`): flyctl raises or lowers them into 1 s–1 min. */
export const SERVICE_CHECK_CLAMP_NS = { min: SECOND, max: MINUTE } as const;

/** Top-level checks (`[checks.<name>]`): flyctl rejects an interval under 2 s and a timeout over 60 s. */
export const TOPLEVEL_CHECK_LIMITS_NS = { minInterval: 2 * SECOND, maxTimeout: MINUTE } as const;

/** The longest kill_timeout Fly allows: 5 minutes. */
export const KILL_TIMEOUT_MAX_NS = 5 * MINUTE;

/** Suspend needs Machines of 2 GB or less, without swap or a GPU. */
export const SUSPEND_MAX_MEMORY_MB = 2048;

interface VmPreset {
  cpus: number;
  cpuKind: "shared" | "performance";
  memoryMb: number;
  gpu: boolean;
}

/** The `size` presets of `[[vm]]`: CPUs and the memory a preset starts with (the other keys override it). */
export const VM_PRESETS: Record<string, VmPreset> = {};
for (const n of [1, 2, 4, 6, 8]) VM_PRESETS[`shared-cpu-${n}x`] = { cpus: n, cpuKind: "shared", memoryMb: 256 * n, gpu: false };
for (const n of [1, 2, 4, 6, 8, 10, 12, 14, 16])
  VM_PRESETS[`performance-${n}x`] = { cpus: n, cpuKind: "performance", memoryMb: 2048 * n, gpu: false };
for (const g of ["a10", "l40s", "a100-40gb", "a100-80gb"]) VM_PRESETS[g] = { cpus: 8, cpuKind: "performance", memoryMb: 32768, gpu: true };

/** With `gpu_kind` set and no `size`, flyctl picks this preset. */
export const GPU_DEFAULT_SIZE = "performance-8x";
