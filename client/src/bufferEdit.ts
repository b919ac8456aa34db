/** Edits of a config file as the editor has it: through a WorkspaceEdit (undoable), saved only if it was not dirty. */
import * as vscode from "vscode";
import type { SpanEdit } from "../../core/edits";

/**
 * Applies span edits to a file's buffer. With `expected`, only while the buffer still holds that text (a plan made
 * on it no longer fits otherwise). A buffer with unsaved changes stays unsaved: saving it would write what the user
 * has not decided on. False: nothing was changed.
 */
export async function editBuffer(uri: string, edits: (text: string) => SpanEdit[], expected?: string): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const text = doc.getText();
  if (expected !== undefined && text !== expected) return false;
  const dirty = doc.isDirty;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits(text)) edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.span[0]), doc.positionAt(e.span[1])), e.newText);
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  if (!dirty) await doc.save();
  return true;
}
