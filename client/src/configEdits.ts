/**
 * The config files of an app as the editor has them: plans are computed on the buffers (by the language server),
 * can be reviewed as diffs, and are applied through a WorkspaceEdit (undoable); a buffer with unsaved changes is
 * edited and left unsaved, one without is saved.
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { PrivateFixes } from "../../core/messages";
import type { Ip } from "../../core/ips";
import { changedLines, lineDiff } from "../../core/linediff";
import type { ConfigFile } from "./ips/model";
import type { AppliedFile, ConfigEdits, FilePlan } from "./ips/operations";

/** Read-only documents holding a planned text, for the review diffs (fly-toml-plan:/path?n). */
const PLAN_SCHEME = "fly-toml-plan";
const planned = new Map<string, string>();
let planCount = 0;

export function registerPlanDocuments(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, {
      provideTextDocumentContent: (uri) => planned.get(uri.toString()) ?? "",
    }),
  );
}

/** The documents of an app's config files, each opened once per operation (its buffer, unsaved changes and all). */
type Opener = (uri: string) => Promise<vscode.TextDocument>;

export function configEdits(files: readonly ConfigFile[], client: () => LanguageClient | undefined): ConfigEdits {
  const docs = new Map<string, vscode.TextDocument>();
  const open: Opener = async (uri) => {
    const doc = docs.get(uri) ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)));
    docs.set(uri, doc);
    return doc;
  };
  return {
    plan: (futureIps) => planFiles(files, futureIps, client, open),
    review,
    apply: (plans) => applyPlans(plans, open),
  };
}

/** What Make private would change in each file, computed by the language server on the buffer as it is. */
async function planFiles(
  files: readonly ConfigFile[],
  futureIps: Ip[],
  client: () => LanguageClient | undefined,
  open: Opener,
): Promise<FilePlan[]> {
  const c = client();
  if (!c?.isRunning()) throw new Error("the fly.toml language server is not running (Fly: Restart the fly.toml language server)");
  const plans: FilePlan[] = [];
  for (const f of files) {
    const doc = await open(f.uri);
    const before = doc.getText();
    const r = await c.sendRequest(PrivateFixes, { uri: f.uri, text: before, ips: futureIps });
    plans.push({
      uri: f.uri,
      relative: f.relative,
      before,
      after: r.text,
      fixes: r.fixes.map((x) => ({ title: x.title, line: x.line, why: x.why })),
      dirty: doc.isDirty,
      problem: r.problem,
    });
  }
  return plans;
}

/**
 * A diff per file (the buffer against what it would become), and the question again, not modal, so the diffs can
 * be read and scrolled; closing the question is Cancel.
 */
async function review(app: string, plans: FilePlan[]): Promise<boolean> {
  const uris = await showPlanDiffs(plans);
  const go = await vscode.window.showInformationMessage(
    `Make ${app} private with ` +
      `${plans.length === 1 ? `these changes to ${plans[0].relative}` : `these changes to its ${plans.length} config files`}? The ` +
      `diff${plans.length === 1 ? " shows" : "s show"} them.`,
    "Make private",
    "Cancel",
  );
  await closePlanDiffs(uris);
  return go === "Make private";
}

async function showPlanDiffs(plans: FilePlan[]): Promise<vscode.Uri[]> {
  const uris: vscode.Uri[] = [];
  for (const p of plans) {
    const right = vscode.Uri.from({ scheme: PLAN_SCHEME, path: vscode.Uri.parse(p.uri).path, query: String(++planCount) });
    planned.set(right.toString(), p.after);
    uris.push(right);
    await vscode.commands.executeCommand("vscode.diff", vscode.Uri.parse(p.uri), right, `${p.relative} ↔ after Make app private`, {
      preview: false,
    });
  }
  return uris;
}

/** Closes the review tabs and forgets the planned texts. */
async function closePlanDiffs(uris: vscode.Uri[]): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) =>
        t.input instanceof vscode.TabInputTextDiff &&
        uris.some((u) => u.toString() === (t.input as vscode.TabInputTextDiff).modified.toString()),
    );
  await vscode.window.tabGroups.close(tabs);
  for (const u of uris) planned.delete(u.toString());
}

/** One undoable WorkspaceEdit; undefined when a buffer changed since its plan (the plan no longer fits it). */
async function applyPlans(plans: FilePlan[], open: Opener): Promise<AppliedFile[] | undefined> {
  const edit = new vscode.WorkspaceEdit();
  for (const p of plans) {
    const doc = await open(p.uri);
    if (doc.getText() !== p.before) return undefined;
    for (const h of lineDiff(p.before, p.after))
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(h.span[0]), doc.positionAt(h.span[1])), h.newText);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;
  const applied: AppliedFile[] = [];
  for (const p of plans) {
    const doc = await open(p.uri);
    const lines = changedLines(p.before, doc.getText());
    // a buffer with unsaved changes stays unsaved: saving it would write what the user has not decided on
    const saved = !p.dirty && lines > 0 ? await doc.save() : false;
    applied.push({ uri: p.uri, relative: p.relative, before: p.before, changedLines: lines, saved });
  }
  return applied;
}
