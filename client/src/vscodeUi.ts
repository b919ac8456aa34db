/** The Ui of the IP operations on top of VS Code's dialogs, pickers and progress. */
import * as vscode from "vscode";
import type { Ui } from "./ips/operations";

/**
 * Right after a click in a walkthrough page, or after a picker closes, VS Code gives the keyboard back to what had
 * it before: a picker or prompt shown at once lost the keyboard a moment after it opened (mid-word in the network
 * prompt; e2e 17). They open once that has happened.
 */
const focusSettled = () => new Promise((resolve) => setTimeout(resolve, 250));

export const vscodeUi: Ui = {
  async confirm(message, detail, ...actions) {
    // modal: Cancel, Escape and closing the dialog all resolve to undefined
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  },
  async input({ prompt, placeHolder, validate }) {
    await focusSettled();
    return Promise.resolve(
      vscode.window.showInputBox({
        prompt,
        placeHolder,
        ignoreFocusOut: true,
        validateInput: validate ? (v) => validate(v.trim()) : undefined,
      }),
    ).then((v) => v?.trim());
  },
  async pick(items, placeHolder) {
    await focusSettled();
    const chosen = await vscode.window.showQuickPick(
      items.map((i) => ({ label: i.label, description: i.description, item: i })),
      { placeHolder, ignoreFocusOut: true },
    );
    return chosen?.item.value;
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
