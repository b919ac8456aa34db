/**
 * What the Machine commands do, with the user interface passed in: list, start, stop. A start or a stop is asked
 * first (a modal naming the Machine and the app; Cancel, Escape or closing it changes nothing), then run, then the
 * Machines are listed again until the Machine is where it was sent (flyctl's stop returns before it is down), with
 * progress and a bound.
 */
import type { Flyctl, FlyctlResult } from "../../../core/flyctl/client";
import { machineStart, machineStop, machinesList, volumesList } from "../../../core/flyctl/commands";
import { groupOf, stateWords, type Machine, type Volume } from "../../../core/live";
import type { Ui } from "../ips/operations";

export interface LiveHooks {
  /** The app's Machines were read (null: they could not be). */
  machinesChanged(app: string, machines: Machine[] | null): void;
  volumesChanged(app: string, volumes: Volume[] | null): void;
}

export interface WaitOptions {
  /** How long to keep listing after a start or a stop before saying it is still under way. */
  boundMs?: number;
  intervalMs?: number;
}

export type ActionOutcome = { done: true; state: string } | { done: false; state?: string; error?: string };

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

const label = (m: Machine) => (m.name ? `${m.name} (${m.id})` : m.id);

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

  start(app: string, m: Machine): Promise<ActionOutcome | undefined> {
    return this.act(app, m, "start");
  }

  stop(app: string, m: Machine): Promise<ActionOutcome | undefined> {
    return this.act(app, m, "stop");
  }

  private async act(app: string, m: Machine, verb: "start" | "stop"): Promise<ActionOutcome | undefined> {
    const where = `It is ${stateWords(m.state)}, in ${m.region ?? "?"}, process group ${groupOf(m) || "(none)"}.`;
    const detail =
      verb === "start"
        ? `${where} This runs flyctl machine start ${m.id} -a ${app}. If autostop is on, Fly Proxy may stop it again when it is idle.`
        : `${where} This runs flyctl machine stop ${m.id} -a ${app}: its process gets the stop signal and the Machine shuts down. If ` +
          "autostart is on, the next request starts it again.";
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
