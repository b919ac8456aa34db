/** flyctl run as a VS Code task: in a terminal of a folder, kept open so its output can be read, its end known. */

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
