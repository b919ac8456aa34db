/** The TaskRunner of VS Code: flyctl as a task (contributes.taskDefinitions "flyToml"), in a terminal kept open. */
import * as vscode from "vscode";
import type { Flyctl } from "../../core/flyctl/client";
import { commandLine } from "./deploy";
import type { TaskRun, TaskRunner } from "./launch/tasks";

export function vscodeTasks(flyctl: () => Flyctl): TaskRunner {
  return {
    line: (args) => commandLine(flyctl().locate(), args),
    async run({ label, args, cwd }): Promise<TaskRun> {
      const located = flyctl().locate();
      if (!located.found) throw new Error(located.reason);
      const task = new vscode.Task(
        { type: "flyToml", command: args[0] },
        vscode.TaskScope.Workspace,
        label,
        "fly",
        new vscode.ProcessExecution(located.path, args, { cwd }),
        [],
      );
      // its own terminal, shown, and left open when it ends so its output can be read
      task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, close: false };
      const ended = new Promise<number | undefined>((resolve) => {
        const done = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.name !== label) return;
          done.dispose();
          resolve(e.exitCode);
        });
      });
      await vscode.tasks.executeTask(task);
      const exitCode = await ended;
      const show = () =>
        vscode.window.terminals.find((t) => t.name.includes(label))?.show() ??
        void vscode.commands.executeCommand("workbench.action.terminal.focus");
      return { exitCode, show };
    },
  };
}
