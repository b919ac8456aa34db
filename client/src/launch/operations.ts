/**
 * Launch a private app: the name (checked as flyctl checks it), the organization and the region are asked for, the
 * exact `flyctl launch` line is shown as a plan, and only then run, as a task in the folder. Afterwards the config
 * changes a private app needs are offered in one step, as Make private offers them. Cancel or Escape at any step:
 * nothing runs.
 */
import type { Flyctl } from "../../../core/flyctl/client";
import { appNameProblem, launchArgs, orgsList, regionsList } from "../../../core/flyctl/commands";
import { plural } from "../../../core/words";
import { planDetail, PLANNED_FLYCAST, type ConfigEdits, type Ui } from "../ips/operations";
import { failed, type TaskRunner } from "./tasks";

const LAUNCH = "Launch";
const APPLY_FIXES = "Apply the changes";
const REVIEW = "Review file changes…";

/** The plan of a launch, as the modal shows it. */
export function launchDetail(o: { app: string; org: string; region: string; regionName: string; folder: string; line: string }): string {
  return [
    `This runs, in ${o.folder}:`,
    o.line,
    "",
    "It will:",
    `• create the app ${o.app} on Fly.io, in the organization ${o.org}, with ${o.regionName} (${o.region}) as its primary region;`,
    `• write fly.toml in ${o.folder} (and a Dockerfile, when flyctl recognises the app's runtime and there is none);`,
    `• deploy nothing yet: no Machine is created and no address allocated. Its first deploy (Deploy, with --flycast) gives it a ` +
      `private Flycast address, http://${o.app}.flycast, and no public one;`,
    "• provision no database, Redis, object storage or GitHub workflow.",
    "",
    "flyctl may still print questions or warnings in the terminal. Afterwards fly.toml opens and the changes a private app needs " +
      "are offered, each shown before it is made. Nothing runs until you choose Launch.",
  ].join("\n");
}

export class LaunchOperations {
  constructor(
    private readonly flyctl: Flyctl,
    private readonly ui: Ui,
    private readonly tasks: TaskRunner,
  ) {}

  /** Asks, shows the plan, runs `flyctl launch`; the app's name once it ran and succeeded, else undefined. */
  async launchPrivate(folder: { path: string; relative: string }): Promise<string | undefined> {
    const app = await this.ui.input({
      prompt: `Name of the new private app (in ${folder.relative}): lower-case letters, digits and dashes`,
      placeHolder: "my-private-api",
      validate: appNameProblem,
    });
    if (app === undefined) return undefined;
    const orgs = await this.ui.progress("Listing your organizations", (signal) => this.flyctl.exec(orgsList(), { signal }));
    if (!orgs.ok) return void (orgs.kind !== "cancelled" && (await this.ui.error(`Could not list your organizations: ${orgs.message}`)));
    const org =
      orgs.value.length === 1
        ? orgs.value[0].slug
        : await this.ui.pick(
            orgs.value.map((o) => ({ label: o.slug, description: o.name, value: o.slug })),
            `Which organization does ${app} belong to?`,
          );
    if (org === undefined) return undefined;
    const regions = await this.ui.progress("Listing Fly.io's regions", (signal) => this.flyctl.exec(regionsList(), { signal }));
    if (!regions.ok) return void (regions.kind !== "cancelled" && (await this.ui.error(`Could not list the regions: ${regions.message}`)));
    const region = await this.ui.pick(
      regions.value.map((r) => ({ label: r.code, description: r.name, value: r })),
      `Which primary region for ${app}? (Machines are created there)`,
    );
    if (region === undefined) return undefined;
    const args = launchArgs({ app, org, region: region.code });
    const detail = launchDetail({
      app,
      org,
      region: region.code,
      regionName: region.name,
      folder: folder.relative,
      line: this.tasks.line(args),
    });
    if ((await this.ui.confirm(`Launch ${app} as a private app?`, detail, LAUNCH)) !== LAUNCH) return undefined;
    const run = await this.tasks.run({ label: `fly launch ${app}`, args, cwd: folder.path });
    return (await failed(this.ui, `fly launch of ${app}`, run)) ? undefined : app;
  }

  /**
   * The changes a private app needs in its config files (force_https = false…), planned against a Flycast address
   * as Make private plans them, shown, and applied only on consent. True when they were applied (or none was needed).
   */
  async prepareForPrivate(app: string, edits: ConfigEdits): Promise<boolean> {
    let plans;
    try {
      plans = await edits.plan([PLANNED_FLYCAST]);
    } catch (e) {
      await this.ui.error(`Could not work out the changes to ${app}'s config files: ${(e as Error).message}`);
      return false;
    }
    const changing = plans.filter((p) => p.after !== p.before);
    if (!changing.length) return true;
    const choice = await this.ui.confirm(
      `Make ${app}'s config ready for a private app?`,
      planDetail(app, { allocate: false, release: [], plans }, APPLY_FIXES),
      APPLY_FIXES,
      REVIEW,
    );
    if (choice !== APPLY_FIXES && choice !== REVIEW) return false;
    if (choice === REVIEW && !(await edits.review(app, changing))) return false;
    const applied = await edits.apply(changing);
    if (!applied) {
      await this.ui.warn(`${app}'s config files changed meanwhile, so they were not edited; their problems are shown in the editor.`);
      return false;
    }
    const changed = applied.filter((f) => f.changedLines > 0);
    await this.ui.info(
      `Changed ${changed.map((f) => `${f.relative} (${plural(f.changedLines, "line")}${f.saved ? "" : ", not saved"})`).join(" and ")} ` +
        `for a private app. Deploy ${app} when it is ready: its first deploy allocates only a Flycast address.`,
    );
    return true;
  }
}
