/**
 * How each process group of the app starts, as the Machine runs it: the image (the Dockerfile the build uses,
 * `[build] dockerfile` or `Dockerfile` beside fly.toml, its `build-target` stage or the last one), with fly.toml's
 * `[processes]` command or `[experimental] cmd` in place of CMD, `[experimental] entrypoint` in place of
 * ENTRYPOINT, and `[env]` over the image's ENV. Undefined where the evidence stops: a prebuilt `[build] image`, a
 * builder or buildpacks, no Dockerfile.
 */
import { positions } from "../../../../core/lines";
import { getEntry, getTable, getValue, stringsOf, type TableNode, type ValueNode } from "../../../../core/tree";
import { imageConfig, parseDockerfile, type ImageCommand, type ImageConfig } from "./dockerfile";
import type { Around, AroundFile } from "./files";
import { follow, listenOf, shellWords, type Evidence, type Listen, type Start } from "./listen";

export interface AppStart {
  dockerfile: AroundFile;
  image: ImageConfig;
  /** The environment every group starts with (ENV, then [env]). */
  env: Start["env"];
  /** Each group's start, followed to its server: undefined where it cannot be followed. */
  listen(group: string): Listen | undefined;
}

/** A fly.toml value's place, as evidence (an empty path: fly.toml itself). */
function inFlyToml(lineAt: (offset: number) => { line: number }, v: ValueNode, found: string): Evidence {
  return { path: "", line: lineAt(v.span[0]).line, found };
}

function imageArgv(c: ImageCommand | undefined): string[] {
  return !c ? [] : c.shell ? ["/bin/sh", "-c", c.argv[0]] : c.argv;
}

/** A line of the Dockerfile as evidence: where it is and what it says. */
export const dockerEvidence = (file: AroundFile, image: ImageConfig, line: number): Evidence => ({
  path: file.path,
  line,
  found: image.lines[line]?.trim() ?? "",
});

/** `[experimental] cmd` / `entrypoint`: an array of words, or a string flyctl splits as shell words. */
function experimental(root: TableNode, key: string): { argv: string[]; node: ValueNode } | undefined {
  const v = getEntry(root, "experimental", key)?.value;
  if (v?.kind === "array") {
    const words = stringsOf(v);
    return words.length === v.items.length && words.length ? { argv: words.map((w) => String(w.value)), node: words[0] } : undefined;
  }
  if (v?.kind === "value" && v.type === "string") {
    const argv = shellWords(String(v.value));
    return argv?.length ? { argv, node: v } : undefined;
  }
  return undefined;
}

export function appStart(text: string, root: TableNode, around: Around | null | undefined): AppStart | undefined {
  if (!around) return undefined;
  const build = getTable(root, "build");
  for (const k of ["image", "builder", "buildpacks", "builtin"]) if (getEntry(build, k)) return undefined;
  const named = getValue(build, "dockerfile");
  const path = named?.type === "string" ? String(named.value) : "Dockerfile";
  const dockerfile = around.read(path);
  if (!dockerfile) return undefined;
  const target = getValue(build, "build-target") ?? getValue(build, "build_target");
  const image = imageConfig(parseDockerfile(dockerfile.text), target?.type === "string" ? String(target.value) : undefined);
  if (!image) return undefined;
  const env: Start["env"] = new Map();
  const lineAt = positions(text);
  for (const [k, e] of image.env) env.set(k, { value: e.value, evidence: dockerEvidence(dockerfile, image, e.line) });
  for (const e of getTable(root, "env")?.entries.values() ?? [])
    if (e.value.kind === "value") env.set(e.key, { value: String(e.value.value), evidence: inFlyToml(lineAt, e.value, `[env] ${e.key}`) });

  const ep = experimental(root, "entrypoint");
  const cmd = experimental(root, "cmd");
  const processes = getTable(root, "processes");
  const cache = new Map<string, Listen | undefined>();
  const listen = (group: string): Listen | undefined => {
    if (cache.has(group)) return cache.get(group);
    let argvCmd: string[];
    let evidence: Evidence | undefined;
    const proc = processes && getValue(processes, group);
    if (proc?.type === "string") {
      const words = shellWords(String(proc.value));
      if (!words) return undefined;
      argvCmd = words;
      evidence = inFlyToml(lineAt, proc, `[processes] ${group} = ${proc.raw}`);
    } else if (cmd) {
      argvCmd = cmd.argv;
      evidence = inFlyToml(lineAt, cmd.node, "[experimental] cmd");
    } else {
      argvCmd = imageArgv(image.cmd);
      if (image.cmd) evidence = dockerEvidence(dockerfile, image, image.cmd.line);
    }
    let argv: string[];
    if (ep) {
      argv = [...ep.argv, ...argvCmd];
      evidence ??= inFlyToml(lineAt, ep.node, "[experimental] entrypoint");
    } else if (image.entrypoint?.shell) {
      argv = imageArgv(image.entrypoint);
      evidence = dockerEvidence(dockerfile, image, image.entrypoint.line);
    } else {
      argv = [...(image.entrypoint?.argv ?? []), ...argvCmd];
      if (image.entrypoint && !evidence) evidence = dockerEvidence(dockerfile, image, image.entrypoint.line);
    }
    const followed = evidence && argv.length ? follow({ argv, env, evidence }, around) : undefined;
    const result = followed && listenOf(followed, around);
    cache.set(group, result);
    return result;
  };
  return { dockerfile, image, env, listen };
}
