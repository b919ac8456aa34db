/**
 * What bin/fly-toml.js runs. `fly-toml check` and `fly-toml lsp` start from a V8 code cache of their bundle, so
 * the functions they run are already compiled (a cold start otherwise spends a third of its time compiling
 * them); other commands load the CLI plainly. The caches live in the user's cache directory, are written after
 * a run that had none (or whose cache V8 refused), and anything that goes wrong with them only costs that speed.
 */
import { statSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { Script } from "node:vm";

type Cli = typeof import("./main");
type Server = typeof import("../server-main");

declare const __VERSION__: string;

/** Where the cache goes: $FLY_TOML_CACHE_DIR, else the platform's cache directory. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLY_TOML_CACHE_DIR) return env.FLY_TOML_CACHE_DIR;
  if (process.platform === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "fly-toml", "cache");
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches", "fly-toml");
  return join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "fly-toml");
}

function debug(line: string): void {
  if (process.env.FLY_TOML_DEBUG_CACHE) process.stderr.write(`fly-toml: code cache ${line}\n`);
}

/** Loads a bundle through vm.Script with V8's cached data; returns its exports and a function that saves the cache. */
function loadWithCache<T>(
  file: string,
  kind: "cli" | "server",
  warmUp: (exports: T) => void = () => undefined,
): { exports: T; save: () => void } {
  const source = readFileSync(file, "utf8");
  const st = statSync(file);
  const dir = cacheDir();
  // one cache per bundle and Node: V8 refuses data of another source, version or flags anyway
  const version = typeof __VERSION__ === "string" ? __VERSION__ : "dev";
  const name = `${[kind, version, process.version, process.arch, st.size, Math.trunc(st.mtimeMs)].join("-")}.v8`;
  const path = join(dir, name);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(path);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const fresh = !cachedData || script.cachedDataRejected === true;
  debug(`${kind} ${!cachedData ? "missing" : script.cachedDataRejected ? "refused" : "used"}`);
  const mod = { exports: {} as T };
  const req = Module.createRequire(file);
  (script.runInThisContext() as (...a: unknown[]) => void).call(mod.exports, mod.exports, req, mod, file, dirname(file));
  const save = () => {
    if (!fresh) return;
    try {
      // compile what other files will need too, then keep it
      warmUp(mod.exports);
      mkdirSync(dir, { recursive: true });
      // older caches of this CLI go; the new one is written whole or not at all
      for (const f of readdirSync(dir))
        if (f.startsWith(`${kind}-`) && f.endsWith(".v8") && f !== name) rmSync(join(dir, f), { force: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, path);
      debug(`${kind} written`);
    } catch (e) {
      debug(`${kind} not written: ${(e as Error).message}`);
    }
  };
  return { exports: mod.exports, save };
}

const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;

export async function launch(argv: string[]): Promise<number> {
  const file = join(__dirname, "cli.js");
  if (argv[0] === "lsp" && argv.some((a) => TRANSPORT.test(a)) && !argv.includes("-h") && !argv.includes("--help")) {
    try {
      // the server sets this at its start too; set first, the cache is made and read under the same flags
      setFlagsFromString("--optimize-for-size");
      const server = loadWithCache<Server>(join(__dirname, "server.js"), "server");
      server.exports.startServer();
      // what start-up and the first requests compiled is what the next start needs
      setTimeout(server.save, 5000).unref();
    } catch (e) {
      debug(`unusable: ${(e as Error).message}`);
      return (require(file) as Cli).main(argv);
    }
    return new Promise<number>(() => undefined);
  }
  if (argv[0] !== "check") return (require(file) as Cli).main(argv);
  // a check is over in a fraction of a second: the optimizing compilers (on the other core) cost more than they
  // save there; long runs (a huge monorepo named file by file) keep them. Set before any code is compiled, so the
  // cache is made and read under the same flags.
  if (argv.length < 1000) setFlagsFromString("--no-opt");
  let loaded: { exports: Cli; save: () => void };
  try {
    loaded = loadWithCache<Cli>(file, "cli", (cli) => cli.warmUp());
  } catch (e) {
    debug(`unusable: ${(e as Error).message}`);
    return (require(file) as Cli).main(argv);
  }
  const code = await loaded.exports.main(argv);
  loaded.save();
  return code;
}
