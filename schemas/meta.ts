import { z } from "zod";

/** The documentation and behaviour attached to every key of the fly.toml model. */
export interface FlyMeta {
  [key: string]: unknown;
  /** Hover text (markdown), in our own words. */
  description: string;
  /** Link to the Fly docs. */
  docs?: string;
  /** The default, as a user reads it. */
  default?: string;
  /** Allowed values, each with one sentence. */
  values?: Record<string, string>;
  /** A V1-era key flyctl reads past and ignores: why it is obsolete. */
  legacy?: string;
  /** A union branch flyctl accepts only through a legacy coercion: what the canonical form is. */
  coerced?: string;
  /** How flyctl reads a bare integer given for this duration. */
  durationUnit?: "s" | "ms" | "ns";
  /** A size string: a bare number means this unit. */
  sizeUnit?: "GB" | "MB";
  /** Completion snippet for the key's value. */
  snippet?: string;
  /** Another spelling flyctl accepts for the key named here: never proposed by "did you mean". */
  alias?: string;
}

const CFG = "https://fly.io/docs/reference/configuration/";
/** A link into the configuration reference: the page itself when there is no section to point at. */
export const cfg = (anchor: string) => (anchor ? `${CFG}#${anchor}` : CFG);

type Shape = Record<string, z.ZodType>;

/** A table whose keys are all known: unknown keys are reported. Every key is optional, as in flyctl. */
export function table<S extends Shape>(shape: S, meta: FlyMeta) {
  const optional: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(shape)) optional[k] = v.optional();
  return z.strictObject(optional).meta(meta);
}

export const str = (meta: FlyMeta) => z.string().meta(meta);
export const int = (meta: FlyMeta) => z.int().meta(meta);
export const num = (meta: FlyMeta) => z.number().meta(meta);
export const bool = (meta: FlyMeta) => z.boolean().meta(meta);
export const strings = (meta: FlyMeta) => z.array(z.string()).meta(meta);

/** A string from a fixed set; each value carries its own sentence for hover and completion. */
export function oneOf(values: Record<string, string>, meta: FlyMeta) {
  const keys = Object.keys(values) as [string, ...string[]];
  return z.enum(keys).meta({ ...meta, values });
}

/** Go's time.ParseDuration syntax: "0", or one or more number+unit pairs, no "d". */
export const GO_DURATION = /^[-+]?(0|((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;

/** A duration: a Go duration string, or a bare number that flyctl reads in `unit`. */
export function duration(unit: "s" | "ms" | "ns", meta: FlyMeta, opts: { emptyMeansUnset?: boolean } = {}) {
  const str = opts.emptyMeansUnset ? z.string().regex(new RegExp(`${GO_DURATION.source}|^$`)) : z.string().regex(GO_DURATION);
  return z
    .union([str, z.number().meta({ description: `A bare number, read as ${unitName(unit)}.`, durationUnit: unit })])
    .meta({ ...meta, durationUnit: unit });
}

export function unitName(unit: "s" | "ms" | "ns"): string {
  return unit === "s" ? "seconds" : unit === "ms" ? "milliseconds" : "nanoseconds";
}

/** A table that may also be written as an array of tables (both accepted by flyctl). */
export function tableOrArray<T extends z.ZodType>(item: T, meta: FlyMeta) {
  return z.union([z.array(item), item]).meta(meta);
}

/** The meta of a schema, if any. */
export function metaOf(schema: z.ZodType): FlyMeta | undefined {
  return z.globalRegistry.get(schema) as FlyMeta | undefined;
}
