/**
 * Deploy as a task: the plan says what the deploy does (on a first deploy, which addresses it allocates) and the
 * exact command; one click runs `flyctl deploy` in the app's folder, with `--flycast` where the app is meant to be
 * private. While it runs the app's row says so; when it ends the view reads the app again.
 */
import { deployArgs } from "../../../core/flyctl/commands";
import { isAppMachine, type Machine } from "../../../core/live";
import type { Ip } from "../../../core/ips";
import { plural } from "../../../core/words";
import type { Ui } from "../ips/operations";
import { failed, type TaskRunner } from "./tasks";

const DEPLOY = "Deploy";
const DEPLOY_PRIVATE = "Deploy privately (--flycast)";
const DEPLOY_PUBLIC = "Deploy with public addresses";

export interface DeployTarget {
  app: string;
  /** The folder of the config file, where flyctl runs. */
  dir: string;
  configName: string;
  /** The config file as the workspace names it. */
  relative: string;
  /** What the view knows (undefined: not read, or failed). */
  ips: readonly Ip[] | undefined;
  machines: readonly Machine[] | undefined;
  /** The config has a service ([http_service] or [[services]]): only then does a first deploy allocate addresses. */
  hasServices: boolean;
  /** Why the app is meant to be private, when it is: it was launched private here, or a Flycast rule applies. */
  privateBecause?: string;
}

interface DeployPlan {
  title: string;
  detail: string;
  /** The buttons, in order, each with its flag. */
  actions: { label: string; flycast: boolean }[];
}

/**
 * The first deploy is when addresses are allocated (flyctl's provisionIpsOnFirstDeploy, deploy/deploy_first.go): the app has
 * no address yet and no Machine, and has a service. A plain deploy then allocates public ones; `--flycast` one private.
 */
export function deployPlan(t: DeployTarget, line: (args: string[]) => string): DeployPlan {
  const machines = t.machines?.filter(isAppMachine);
  const first = t.ips !== undefined && t.ips.length === 0 && !machines?.length && t.hasServices;
  const where = `This runs, in the folder of ${t.relative}:`;
  const cmd = (flycast: boolean) => line(deployArgs({ configName: t.configName, flycast }));
  if (!first) {
    const now = machines === undefined ? "its Machines" : machines.length ? `its ${plural(machines.length, "Machine")}` : "new Machines";
    return {
      title: `Deploy ${t.app}?`,
      detail: [
        where,
        cmd(false),
        "",
        `It builds the image and updates ${now} with ${t.relative}; the app's addresses stay as they are` +
          `${t.ips === undefined ? " (they could not be read)" : ""}. The output is in a terminal, and the Fly Apps view reads the app ` +
          "again when it ends.",
      ].join("\n"),
      actions: [{ label: DEPLOY, flycast: false }],
    };
  }
  const publicWords = "a plain fly deploy allocates public addresses (a dedicated IPv6 and a shared IPv4) and puts the app on the internet";
  const privateWords = `with --flycast it gets one private Flycast address instead, http://${t.app}.flycast, and no public one`;
  if (t.privateBecause)
    return {
      title: `Deploy ${t.app} privately?`,
      detail: [
        where,
        cmd(true),
        "",
        `This is ${t.app}'s first deploy, when its addresses are allocated: ${publicWords}. ${t.app} is meant to be private ` +
          `(${t.privateBecause}), so ${privateWords}. It builds the image and creates the Machines.`,
      ].join("\n"),
      actions: [{ label: DEPLOY_PRIVATE, flycast: true }],
    };
  return {
    title: `Deploy ${t.app} for the first time?`,
    detail: [
      where,
      `${cmd(true)}   (Deploy privately)`,
      `${cmd(false)}   (Deploy with public addresses)`,
      "",
      `This is ${t.app}'s first deploy, when its addresses are allocated: ${publicWords}; ${privateWords}. It builds the image ` +
        "and creates the Machines.",
    ].join("\n"),
    actions: [
      { label: DEPLOY_PRIVATE, flycast: true },
      { label: DEPLOY_PUBLIC, flycast: false },
    ],
  };
}

interface DeployHooks {
  /** The deploy started (true) or ended (false): the app's row says so. */
  deploying(app: string, on: boolean): void;
  /** Read the app again (addresses, Machines, volumes) and tell the language server. */
  refresh(): Promise<void>;
}

export class DeployOperations {
  constructor(
    private readonly ui: Ui,
    private readonly tasks: TaskRunner,
    private readonly hooks: DeployHooks,
  ) {}

  /** Shows the plan; runs the chosen deploy. True: it ran and succeeded; false: it failed; undefined: nothing ran. */
  async deploy(t: DeployTarget): Promise<boolean | undefined> {
    const plan = deployPlan(t, (args) => this.tasks.line(args));
    const choice = await this.ui.confirm(plan.title, plan.detail, ...plan.actions.map((a) => a.label));
    const action = plan.actions.find((a) => a.label === choice);
    if (!action) return undefined;
    this.hooks.deploying(t.app, true);
    let run;
    try {
      run = await this.tasks.run({
        label: `fly deploy ${t.app}`,
        args: deployArgs({ configName: t.configName, flycast: action.flycast }),
        cwd: t.dir,
      });
    } finally {
      this.hooks.deploying(t.app, false);
    }
    await this.hooks.refresh();
    if (await failed(this.ui, `fly deploy of ${t.app}`, run)) return false;
    void this.ui.info(
      action.flycast
        ? `Deployed ${t.app}: reach it at http://${t.app}.flycast from your organization's private network.`
        : `Deployed ${t.app}.`,
    );
    return true;
  }
}
