/**
 * The app's live state for `fly-toml check`: the parsers of saved `--machines` / `--volumes` outputs, and flyctl
 * itself (--live). A bundle of its own (dist/live.js, with zod and the flyctl adapter): plain checks never load it.
 */
import { Flyctl, noSuchAppWords } from "../../../core/flyctl/client";
import { ipsList, machinesList, secretsList, volumesList, type FlyctlCommand } from "../../../core/flyctl/commands";
import type { AppState } from "../../../core/live";
import { parseMachineList, parseVolumeList } from "../../../core/live-list";

type Part = keyof AppState;

export { parseMachineList, parseVolumeList };

const COMMANDS: Record<Part, (app: string) => FlyctlCommand<unknown[]>> = {
  ips: ipsList,
  machines: machinesList,
  volumes: volumesList,
  secrets: secretsList,
};

/**
 * Asks flyctl for each app's state (every part on its own, at most 4 processes at a time). A part that fails stays
 * unknown and gives one line: "acme-web: machines: not logged in …".
 */
export async function fetchLive(
  apps: string[],
  parts: Part[],
  o: { flyctlPath?: string; env?: NodeJS.ProcessEnv },
): Promise<{ states: Map<string, Partial<AppState>>; problems: string[] }> {
  const flyctl = new Flyctl({ setting: o.flyctlPath, trusted: true, env: o.env ?? process.env });
  const states = new Map<string, Partial<AppState>>();
  const problems: string[] = [];
  const located = flyctl.locate();
  if (!located.found) {
    problems.push(
      o.flyctlPath !== undefined
        ? `--flyctl ${o.flyctlPath} is not an executable file; the live rules stay silent`
        : `flyctl not found (not on PATH, in $FLYCTL_INSTALL/bin or ~/.fly/bin); the live rules stay silent (--flyctl PATH names it)`,
    );
    return { states, problems };
  }
  const failed: { app: string; part: Part; words: string }[] = [];
  const jobs = apps.flatMap((app) => parts.map((part) => ({ app, part })));
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: Math.min(4, queue.length) }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const r = await flyctl.exec(COMMANDS[job.part](job.app));
        const state = states.get(job.app) ?? {};
        states.set(job.app, state);
        if (r.ok) (state as Record<Part, unknown>)[job.part] = r.value;
        else failed.push({ app: job.app, part: job.part, words: problemWords(job.app, r.kind, r.message) });
      }
    }),
  );
  // one line per problem: the parts of an app that failed alike together, in a stable order
  for (const app of apps) {
    const mine = failed.filter((f) => f.app === app);
    for (const words of new Set(mine.map((f) => f.words))) {
      const which = mine.filter((f) => f.words === words).map((f) => f.part);
      problems.push(`${app}${which.length === parts.length ? "" : ` (${which.join(", ")})`}: ${words}`);
    }
  }
  return { states, problems };
}

function problemWords(app: string, kind: string, message: string): string {
  // flyctl's one-line reason (its GraphQL query already cut by the adapter); an unknown app after its own name
  return kind === "app-not-found" ? noSuchAppWords(app) : message;
}
