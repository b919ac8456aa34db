/** The Ui of the IP operations on top of VS Code's dialogs and progress. */
import * as vscode from "vscode";
import type { Ui } from "./ips/operations";

export const vscodeUi: Ui = {
  async confirm(message, detail, action) {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    return choice === action;
  },
  input(prompt, placeHolder) {
    return Promise.resolve(vscode.window.showInputBox({ prompt, placeHolder, ignoreFocusOut: true }));
  },
  pick(items, placeHolder) {
    return Promise.resolve(vscode.window.showQuickPick(items, { placeHolder, ignoreFocusOut: true }));
  },
  info: (m, ...a) => Promise.resolve(vscode.window.showInformationMessage(m, ...a)),
  warn: (m, ...a) => Promise.resolve(vscode.window.showWarningMessage(m, ...a)),
  error: (m, ...a) => Promise.resolve(vscode.window.showErrorMessage(m, ...a)),
  progress(title, task) {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return task(ac.signal, (message) => progress.report({ message }));
      }),
    );
  },
};
