/**
 * Secrets out of fly.toml in one consented step: each [env] value chosen is set as a staged Fly secret (its value on
 * flyctl's standard input, never in an argument, a log line or a terminal), then its line is removed from the
 * buffer. Nothing runs and nothing changes until the plan is accepted; a secret flyctl refuses keeps its line.
 */
import type { Flyctl, FlyctlResult } from "../../../core/flyctl/client";
import { secretsList, secretsSetStaged } from "../../../core/flyctl/commands";
import type { Secret } from "../../../core/live";
import type { Span } from "../../../core/tree";
import { plural } from "../../../core/words";
import type { Ui } from "../ips/operations";
import { envEntries } from "./env";

interface SecretHooks {
  /** The app's secrets were read (null: they could not be). */
  secretsChanged(app: string, secrets: Secret[] | null): void;
}

/** The config file the secrets are moved out of, as the editor has it. */
interface EnvFile {
  uri: string;
  relative: string;
  text: string;
  /** It has unsaved changes: it is edited and left unsaved. */
  dirty: boolean;
}

/** Removes spans of a buffer while it still holds `before`, the text the plan was made on; false: nothing removed. */
type RemoveLines = (uri: string, before: string, spans: Span[]) => Promise<boolean>;

interface MoveOutcome {
  moved: string[];
  failed: { name: string; message: string }[];
  linesRemoved: boolean;
}

const MOVE = "Move to Fly secrets";
export const RUN_DEPLOY = "Run fly deploy";

export class SecretOperations {
  constructor(
    private readonly flyctl: Flyctl,
    private readonly ui: Ui,
    private readonly hooks: SecretHooks,
  ) {}

  async list(app: string, signal?: AbortSignal): Promise<FlyctlResult<Secret[]>> {
    const r = await this.flyctl.exec(secretsList(app), { signal });
    this.hooks.secretsChanged(app, r.ok ? r.value : null);
    return r;
  }

  async move(app: string, file: EnvFile, names: string[], remove: RemoveLines, deploy: () => void): Promise<MoveOutcome | undefined> {
    const entries = envEntries(file.text).filter((e) => names.includes(e.name));
    const left = names.filter((n) => !entries.some((e) => e.name === n));
    if (!entries.length) {
      await this.ui.info(
        `Nothing to move: ${names.join(", ")} ${names.length === 1 ? "is" : "are"} not a string on a line of its own in the [env] of ${file.relative}.`,
      );
      return undefined;
    }
    const list = entries.map((e) => e.name).join(", ");
    const detail = [
      "This will, in order:",
      `• set ${list} as Fly secrets of ${app}, staged: they take effect at the next deploy (each value is handed to flyctl on its ` +
        "standard input, never on a command line, in a log or a terminal);",
      `• then remove ${entries.length === 1 ? "its line" : "their lines"} from ${file.relative}: ${entries.map((e) => `line ${e.line} (${e.name})`).join(", ")}` +
        `${file.dirty ? " (it has unsaved changes: it is edited in the editor and left unsaved)" : ""}.`,
      ...(left.length ? [`${left.join(", ")} stay${left.length === 1 ? "s" : ""}: not a string on a line of its own.`] : []),
      "",
      "The values are not shown. Nothing changes until you choose Move to Fly secrets.",
    ].join("\n");
    if ((await this.ui.confirm(`Move ${plural(entries.length, "secret")} of ${app} to Fly secrets?`, detail, MOVE)) !== MOVE)
      return undefined;

    const run = await this.ui.progress(`Moving secrets of ${app} to Fly`, async (signal, report) => {
      const moved: typeof entries = [];
      const failed: MoveOutcome["failed"] = [];
      for (const e of entries) {
        if (signal.aborted) {
          failed.push({ name: e.name, message: "cancelled" });
          continue;
        }
        report(e.name);
        const r = await this.flyctl.exec(secretsSetStaged(app, e.name, e.value), { signal });
        if (r.ok) moved.push(e);
        else failed.push({ name: e.name, message: r.message });
      }
      await this.list(app);
      const linesRemoved = moved.length
        ? await remove(
            file.uri,
            file.text,
            moved.map((e) => e.span),
          )
        : true;
      return { moved: moved.map((e) => e.name), failed, linesRemoved };
    });
    await this.say(app, file, run, deploy);
    return run;
  }

  private async say(app: string, file: EnvFile, o: MoveOutcome, deploy: () => void): Promise<void> {
    const moved = o.moved.length
      ? `Set ${o.moved.join(", ")} as Fly secrets of ${app}, staged: they take effect at the next deploy. ` +
        (o.linesRemoved
          ? `Removed ${o.moved.length === 1 ? "its line" : "their lines"} from ${file.relative}.`
          : `${file.relative} changed meanwhile, so ${o.moved.length === 1 ? "its line was" : "their lines were"} not removed: remove ${o.moved.length === 1 ? "it" : "them"} from [env].`)
      : "";
    const failed = o.failed.length
      ? ` Not set: ${o.failed.map((f) => `${f.name} (${f.message})`).join("; ")}; ${o.failed.length === 1 ? "its line stays" : "their lines stay"}.`
      : "";
    const text = `${moved}${failed}`.trim();
    const pick = o.failed.length
      ? await this.ui.error(text, ...(o.moved.length ? [RUN_DEPLOY] : []))
      : await this.ui.info(text, RUN_DEPLOY);
    if (pick === RUN_DEPLOY) deploy();
  }
}
