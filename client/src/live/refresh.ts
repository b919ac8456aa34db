/** flyToml.live.refreshSeconds: lists the Machines again every N seconds (at least 10) while the view is visible, so autostop can be watched. */
import * as vscode from "vscode";
import type { FlyAppsProvider, FlyNode } from "../ips/tree";
import { refreshPeriodMs } from "./period";

export class LiveRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly visibility: vscode.Disposable;

  constructor(
    private readonly provider: FlyAppsProvider,
    private readonly view: vscode.TreeView<FlyNode>,
  ) {
    this.visibility = view.onDidChangeVisibility(() => this.configure());
    this.configure();
  }

  configure(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const ms = refreshPeriodMs(vscode.workspace.getConfiguration("flyToml").get("live.refreshSeconds"));
    // a hidden view needs no fresh rows; it lists again when it is shown
    if (!ms || !this.view.visible) return;
    this.timer = setInterval(() => void this.provider.refreshMachines(), ms);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.visibility.dispose();
  }
}
