/** flyctl run as a VS Code task: in a terminal of a folder, kept open so its output can be read, its end known. */
import type { Ui } from "../ips/operations";

const SHOW_TERMINAL = "Show terminal";

export interface TaskRun {
  /** The process's exit code (undefined: it could not be started, or was stopped). */
  exitCode: number | undefined;
  /** Brings its terminal forward. */
  show(): void;
}

export interface TaskRunner {
  /** Runs flyctl with these arguments in `cwd`; resolves when it ends. */
  run(o: { label: string; args: string[]; cwd: string }): Promise<TaskRun>;
  /** The command line as a plan shows it (the flyctl that is used, the arguments as a shell would take them). */
  line(args: string[]): string;
}

/** Whether the run failed; if so the user is told, with the terminal a click away (its output is the explanation). */
export async function failed(ui: Ui, what: string, run: TaskRun): Promise<boolean> {
  if (run.exitCode === 0) return false;
  const code = run.exitCode === undefined ? "" : ` (exit code ${run.exitCode})`;
  if ((await ui.error(`${what} failed${code}: its output is in the terminal.`, SHOW_TERMINAL)) === SHOW_TERMINAL) run.show();
  return true;
}
