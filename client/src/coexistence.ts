/**
 * Even Better TOML (taplo) checks fly.toml against the public SchemaStore schema, which reports false errors on
 * legacy forms flyctl accepts (`auto_stop_machines = true`, `[vm]`…) and repeats the syntax errors we report.
 * What fly-toml does when it is installed: our server stops reporting plain syntax errors (taplo's stay), and we
 * offer once to point taplo's fly.toml schema at ours (`evenBetterToml.schema.associations`), which knows the
 * legacy forms.
 */
import * as vscode from "vscode";

const EVEN_BETTER_TOML = "tamasfe.even-better-toml";
const PATTERN = "^(.*/)?fly(\\.[^/]*)?\\.toml$";
const ASKED = "flyToml.askedEvenBetterToml";

export function otherTomlExtension(): boolean {
  return vscode.extensions.getExtension(EVEN_BETTER_TOML) !== undefined;
}

export async function offerSchema(context: vscode.ExtensionContext): Promise<void> {
  if (!otherTomlExtension()) return;
  const schema = vscode.Uri.joinPath(context.extensionUri, "schemas", "fly.schema.json").toString();
  const config = vscode.workspace.getConfiguration("evenBetterToml");
  const current = config.get<Record<string, string>>("schema.associations") ?? {};
  if (current[PATTERN] === schema) return;
  // the user said yes before, to an older copy of our schema (its path holds our version): follow the update
  if (current[PATTERN] && /fly-toml[^/]*\/schemas\/fly\.schema\.json$/.test(current[PATTERN])) {
    await config.update("schema.associations", { ...current, [PATTERN]: schema }, vscode.ConfigurationTarget.Global);
    return;
  }
  if (context.globalState.get(ASKED)) return;
  const choice = await vscode.window.showInformationMessage(
    "Even Better TOML checks fly.toml against the public schema, which reports errors on settings flyctl accepts. Let it use fly-toml's " +
      "schema for fly.toml instead?",
    "Use fly-toml's schema",
    "Not now",
    "Never",
  );
  if (choice === "Use fly-toml's schema") {
    await config.update("schema.associations", { ...current, [PATTERN]: schema }, vscode.ConfigurationTarget.Global);
    await context.globalState.update(ASKED, true);
  } else if (choice === "Never") await context.globalState.update(ASKED, true);
}
