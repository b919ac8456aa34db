/** Starts the bundled language server over IPC, restarts it on a crash (with a visible message), and sends it the IPs. */
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { documentSelector } from "../../core/files";
import { SetAppState } from "../../core/messages";
import type { SetAppStateParams } from "../../core/protocol";

class RestartingErrorHandler implements ErrorHandler {
  private restarts: number[] = [];
  constructor(private readonly output: vscode.OutputChannel) {}
  error() {
    return { action: ErrorAction.Continue };
  }
  closed() {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 3 * 60_000);
    this.restarts.push(now);
    if (this.restarts.length > 4) {
      void vscode.window
        .showErrorMessage(
          "The fly.toml language server stopped 5 times in 3 minutes and will not be restarted. See the fly.toml output for details.",
          "Show output",
        )
        .then((c) => c && this.output.show());
      return { action: CloseAction.DoNotRestart };
    }
    void vscode.window
      .showWarningMessage("The fly.toml language server stopped unexpectedly and was restarted.", "Show output")
      .then((c) => c && this.output.show());
    return { action: CloseAction.Restart };
  }
}

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
  syntaxFromOtherExtension: () => boolean,
): LanguageClient {
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6019"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(false),
    outputChannel: output,
    errorHandler: new RestartingErrorHandler(output),
    initializationOptions: { ...vscode.workspace.getConfiguration("flyToml"), clientCommands: true },
    middleware: {
      workspace: {
        // Another TOML extension already reports TOML syntax errors: the server leaves those to it (unless the
        // user set the syntax group either way); every fly.toml rule stays
        configuration: async (params, token, next) => {
          const result = (await next(params, token)) as unknown[];
          if (!Array.isArray(result) || !syntaxFromOtherExtension()) return result;
          const explicit = vscode.workspace.getConfiguration("flyToml").inspect("diagnostics.syntax");
          const set =
            explicit?.globalValue !== undefined || explicit?.workspaceValue !== undefined || explicit?.workspaceFolderValue !== undefined;
          return result.map((r) => (r && typeof r === "object" && !set ? { ...(r as object), syntaxErrorsElsewhere: true } : r));
        },
      },
    },
  };
  return new LanguageClient("flyToml", "fly.toml", serverOptions, clientOptions);
}

/** Keeps the server told of every config file's app state (addresses, Machines, volumes), also after a restart. */
export class AppStateSync {
  private readonly known = new Map<string, Omit<SetAppStateParams, "uri">>();
  constructor(private readonly client: LanguageClient) {
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) for (const [uri, parts] of this.known) void this.send({ uri, ...parts });
    });
  }
  /** Sets the parts given (null: unknown); the others stay as they were. */
  set(uri: string, parts: Omit<SetAppStateParams, "uri">): void {
    this.known.set(uri, { ...this.known.get(uri), ...parts });
    if (this.client.state === State.Running) void this.send({ uri, ...parts });
  }
  private send(params: SetAppStateParams) {
    return this.client.sendNotification(SetAppState, params).catch(() => undefined);
  }
}
