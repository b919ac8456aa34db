/**
 * The config files of an app as the editor has them: plans are computed on the buffers (by the language server),
 * edits go through a WorkspaceEdit (undoable, optionally shown in VS Code's refactor preview first), a buffer with
 * unsaved changes is edited and left unsaved, and one without is saved.
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { PRIVATE_FIXES_METHOD, type PrivateFixesParams, type PrivateFixesResult } from "../../server/src/protocol";
import type { Ip } from "../../server/src/service/ips";
import { changedLines, lineDiff } from "../../server/src/service/linediff";
import type { ConfigFile } from "./ips/model";
import type { AppliedFile, ConfigEdits, FilePlan } from "./ips/operations";

/** The edit that turns each document's `from` text into its `to` text, hunk by hunk. */
function diffEdit(items: { doc: vscode.TextDocument; from: string; to: string; fixes?: FilePlan["fixes"]; relative: string }[], preview: boolean): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const { doc, from, to, fixes = [], relative } of items) {
    for (const h of lineDiff(from, to)) {
      const range = new vscode.Range(doc.positionAt(h.span[0]), doc.positionAt(h.span[1]));
      if (!preview) {
        edit.replace(doc.uri, range, h.newText);
        continue;
      }
      // the preview names each change by the fixes on its lines (a block added at the end: by all of them)
      const first = range.start.line + 1;
      const own = fixes.filter((f) => f.line >= first && f.line < first + Math.max(1, h.removed));
      const label = (own.length ? own : fixes).map((f) => f.title).join("; ") || "Make app private";
      edit.replace(doc.uri, range, h.newText, { needsConfirmation: true, label, description: relative });
    }
  }
  return edit;
}

export function configEdits(files: readonly ConfigFile[], client: () => LanguageClient | undefined): ConfigEdits {
  const docs = new Map<string, vscode.TextDocument>();
  const open = async (uri: string) => {
    const doc = docs.get(uri) ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri)));
    docs.set(uri, doc);
    return doc;
  };

  return {
    async plan(futureIps: Ip[]): Promise<FilePlan[]> {
      const c = client();
      if (!c?.isRunning()) throw new Error("the fly.toml language server is not running (Fly: Restart the fly.toml language server)");
      const plans: FilePlan[] = [];
      for (const f of files) {
        const doc = await open(f.uri);
        const before = doc.getText();
        const r = await c.sendRequest<PrivateFixesResult>(PRIVATE_FIXES_METHOD, { uri: f.uri, text: before, ips: futureIps } satisfies PrivateFixesParams);
        plans.push({ uri: f.uri, relative: f.relative, before, after: r.text, fixes: r.fixes.map((x) => ({ title: x.title, line: x.line, why: x.why })), dirty: doc.isDirty, problem: r.problem });
      }
      return plans;
    },

    async apply(plans: FilePlan[], preview: boolean): Promise<AppliedFile[] | undefined> {
      const items = [];
      for (const p of plans) {
        const doc = await open(p.uri);
        // the buffer changed since the plan was made: the plan no longer fits it
        if (doc.getText() !== p.before) return undefined;
        items.push({ doc, from: p.before, to: p.after, fixes: p.fixes, relative: p.relative });
      }
      const ok = await vscode.workspace.applyEdit(diffEdit(items, preview));
      if (!ok) return undefined;
      const applied: AppliedFile[] = [];
      for (const p of plans) {
        const doc = await open(p.uri);
        const lines = changedLines(p.before, doc.getText());
        // a buffer with unsaved changes stays unsaved: saving it would write what the user has not decided on
        const saved = !p.dirty && lines > 0 ? await doc.save() : false;
        applied.push({ uri: p.uri, relative: p.relative, before: p.before, changedLines: lines, saved });
      }
      return applied;
    },

    async revert(applied: AppliedFile[]): Promise<void> {
      const items = [];
      for (const a of applied) {
        const doc = await open(a.uri);
        if (doc.getText() !== a.before) items.push({ doc, from: doc.getText(), to: a.before, relative: a.relative });
      }
      if (items.length) await vscode.workspace.applyEdit(diffEdit(items, false));
      for (const a of applied) if (a.saved) await (await open(a.uri)).save();
    },
  };
}
