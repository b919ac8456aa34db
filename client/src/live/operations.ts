/**
 * What the Machine commands do, with the user interface passed in: list, start, stop. A start or a stop is asked
 * first (a modal naming the Machine and the app; Cancel, Escape or closing it changes nothing), then run, then the
 * Machines are listed again until the Machine is where it was sent (flyctl's stop returns before it is down), with
 * progress and a bound.
 */
import type { Flyctl, FlyctlResult } from "../../../core/flyctl/client";
import { machineStart, machineStop, machinesList, volumesList } from "../../../core/flyctl/commands";
import { autostopWord, groupOf, stateWords, type Machine, type Volume } from "../../../core/live";
import type { Ui } from "../ips/operations";

interface LiveHooks {
  /** The app's Machines were read (null: they could not be). */
  machinesChanged(app: string, machines: Machine[] | null): void;
  volumesChanged(app: string, volumes: Volume[] | null): void;
}

interface WaitOptions {
  /** How long to keep listing after a start or a stop before saying it is still under way. */
  boundMs?: number;
  intervalMs?: number;
}

type ActionOutcome = { done: true; state: string } | { done: false; state?: string; error?: string };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

const label = (m: Machine) => (m.name ? `${m.name} (${m.id})` : m.id);

/**
 * What a start or a stop means for this Machine, from the services it carries (autostop, autostart,
 * min_machines_running as its config has them) and the other Machines of its process group.
 */
export function consequences(m: Machine, verb: "start" | "stop", all: readonly Machine[]): string[] {
  const services = m.config?.services ?? [];
  const group = groupOf(m) || "(none)";
  if (!services.length)
    return [
      verb === "stop"
        ? "It serves no service: nothing starts it again but Start or a deploy."
        : "It serves no service: it runs until stopped.",
    ];
  const autostop = services.map((s) => autostopWord(s.autostop)).find((w) => w === "stop" || w === "suspend");
  const autostart = services.some((s) => s.autostart === true);
  const min = Math.max(0, ...services.map((s) => s.min_machines_running ?? 0));
  if (verb === "start")
    return [
      autostop
        ? `Its service has autostop (${autostop}): Fly Proxy ${autostop === "suspend" ? "suspends" : "stops"} it again once it is idle${min ? `, keeping ${min} running in the primary region` : ""}.`
        : "Its service has autostop off: it runs until it is stopped.",
    ];
  const othersStarted = all.filter((x) => x.id !== m.id && groupOf(x) === groupOf(m) && x.state === "started").length;
  const out = [
    autostart
      ? "Its service has autostart: Fly Proxy starts it again on the next request."
      : "Its service has autostart off: it stays stopped until you start it (or a deploy does).",
  ];
  if (othersStarted === 0)
    out.push(
      `It is the last started Machine of group ${group}: the app stops answering ${autostart ? "until a request starts a Machine again" : "until a Machine is started"}.`,
    );
  if (min > othersStarted)
    out.push(
      `min_machines_running asks for ${min}, and ${othersStarted} would run: Fly Proxy never starts a Machine to make up for it; only a request (with autostart) or Start does.`,
    );
  return out;
}

export class MachineOperations {
  constructor(
    private readonly flyctl: Flyctl,
    private readonly ui: Ui,
    private readonly hooks: LiveHooks,
    private readonly wait: WaitOptions = {},
  ) {}

  async machines(app: string, signal?: AbortSignal): Promise<FlyctlResult<Machine[]>> {
    const r = await this.flyctl.exec(machinesList(app), { signal });
    this.hooks.machinesChanged(app, r.ok ? r.value : null);
    return r;
  }

  async volumes(app: string, signal?: AbortSignal): Promise<FlyctlResult<Volume[]>> {
    const r = await this.flyctl.exec(volumesList(app), { signal });
    this.hooks.volumesChanged(app, r.ok ? r.value : null);
    return r;
  }

  /** `all`: the app's Machines as the view has them, to say what the start means for the group. */
  start(app: string, m: Machine, all: readonly Machine[] = [m]): Promise<ActionOutcome | undefined> {
    return this.act(app, m, "start", all);
  }

  stop(app: string, m: Machine, all: readonly Machine[] = [m]): Promise<ActionOutcome | undefined> {
    return this.act(app, m, "stop", all);
  }

  private async act(app: string, m: Machine, verb: "start" | "stop", all: readonly Machine[]): Promise<ActionOutcome | undefined> {
    const where = `It is ${stateWords(m.state)}, in ${m.region ?? "?"}, process group ${groupOf(m) || "(none)"}.`;
    const runs = `This runs flyctl machine ${verb} ${m.id} -a ${app}${verb === "stop" ? ": its process gets the stop signal and the Machine shuts down" : ""}.`;
    const detail = [where, runs, ...consequences(m, verb, all)].join("\n\n");
    const action = verb === "start" ? "Start" : "Stop";
    if ((await this.ui.confirm(`${action} Machine ${label(m)} of ${app}?`, detail, action)) !== action) return undefined;
    const target = verb === "start" ? ["started"] : ["stopped", "suspended"];
    const outcome = await this.ui.progress(
      `${verb === "start" ? "Starting" : "Stopping"} ${label(m)} of ${app}`,
      async (signal, report) => {
        const cmd = verb === "start" ? machineStart(app, m.id) : machineStop(app, m.id);
        const r = await this.flyctl.exec(cmd, { signal });
        if (!r.ok) {
          // the list is read again whatever happened, so the row shows the truth
          await this.machines(app);
          return { done: false, error: r.message } as ActionOutcome;
        }
        return this.until(app, m.id, target, signal, report);
      },
    );
    await this.say(app, m, verb, outcome);
    return outcome;
  }

  /** Lists the Machines until this one is in one of the target states, the bound passes, or the user stops waiting. */
  private async until(app: string, id: string, target: string[], signal: AbortSignal, report: (s: string) => void): Promise<ActionOutcome> {
    const bound = Date.now() + (this.wait.boundMs ?? 60_000);
    let state: string | undefined;
    for (;;) {
      // listing is not cancelled with the wait: the row must show where the Machine is
      const r = await this.machines(app);
      state = r.ok ? r.value.find((x) => x.id === id)?.state : undefined;
      if (state && target.includes(state)) return { done: true, state };
      if (signal.aborted || Date.now() >= bound) return { done: false, state };
      if (state) report(stateWords(state));
      await sleep(this.wait.intervalMs ?? 2000, signal);
    }
  }

  private async say(app: string, m: Machine, verb: "start" | "stop", o: ActionOutcome): Promise<void> {
    const name = m.name || m.id;
    if (o.done) return void this.ui.info(`${name} of ${app} is ${stateWords(o.state)}.`);
    if (o.error) return void this.ui.error(`Could not ${verb} ${name} of ${app}: ${o.error}`);
    void this.ui.warn(
      `flyctl sent the ${verb} to ${name} of ${app}, which is ${o.state ? stateWords(o.state) : "not listed"} so far; the Machines view ` +
        "shows where it gets to (Refresh).",
    );
  }
}
