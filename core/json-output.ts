/** flyctl's `--json` output, parsed and checked with zod; an Error says what is wrong in one line. */
import type { z } from "zod";

export function parseOutput<T>(json: string, schema: z.ZodType<T>, command: string): T {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message}); expected the output of \`${command}\``);
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`not the output of \`${command}\`: ${issue.path.join(".") || "top level"}: ${issue.message}`);
  }
  return r.data;
}
