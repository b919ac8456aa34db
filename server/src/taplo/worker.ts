/**
 * Runs @taplo/lib's formatter in a worker thread: its 35 MB of wasm load only on the first format, and a panic
 * inside it can take down this worker but never the language server.
 */
import { parentPort } from "node:worker_threads";

interface Request {
  id: number;
  text: string;
  options: Record<string, unknown>;
}

type TaploLib = { Taplo: { initialize(): Promise<{ format(text: string, o: { options: Record<string, unknown> }): string }> } };

let taplo: Promise<{ format(text: string, o: { options: Record<string, unknown> }): string }> | undefined;

// each request answered (or failed) on its own; the worker never leaves a promise unobserved
parentPort!.on("message", (req: Request) => void answer(req));

async function answer(req: Request): Promise<void> {
  try {
    taplo ??= (require("@taplo/lib") as TaploLib).Taplo.initialize();
    const t = await taplo;
    parentPort!.postMessage({ id: req.id, text: t.format(req.text, { options: req.options }) });
  } catch (e) {
    taplo = undefined;
    // the npm package installs @taplo/lib as an optional dependency: say what to do when it is not there
    const missing = (e as NodeJS.ErrnoException)?.code === "MODULE_NOT_FOUND";
    const error = missing
      ? "formatting needs the @taplo/lib package, which is not installed (it is an optional dependency of fly-toml: npm install -g " +
        "@taplo/lib)"
      : String((e as Error)?.message ?? e);
    parentPort!.postMessage({ id: req.id, error });
  }
}
