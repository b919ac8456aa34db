/** The content of the "Fly Apps" view as plain data: one node per app, its config files, its addresses or its problem. */
import type { PartState } from "../live/model";
import { appNotFoundWords, type FailureKind } from "../../../core/flyctl/client";
import { exposureOf, isPrivate, isPublic, typeWords, type Exposure, type Ip } from "../../../core/ips";
import { COMMANDS } from "../../../core/protocol";

export interface ConfigFile {
  /** The file's URI (string) and its path relative to the workspace. */
  uri: string;
  relative: string;
}

/**
 * An app of the workspace: every fly.toml / fly.*.toml whose `app` names it (fly.toml first), or one file without
 * an app name. `uri` and `relative` are the first file's.
 */
export interface AppEntry extends ConfigFile {
  /** `app` from the files, if they have one. */
  app?: string;
  files: ConfigFile[];
}

/** The app's addresses as the view holds them: one more failure than the other parts, an app without its name. */
export type AddressesState = PartState<Ip[], FailureKind | "no-app">;

interface ViewCommand {
  command: string;
  title: string;
  arguments?: unknown[];
}

export interface ViewNode {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** A codicon id, with an optional theme color id. */
  icon: string;
  iconColor?: string;
  contextValue: string;
  command?: ViewCommand;
  collapsible: boolean;
  /** A collapsible row that starts closed (a Machine's checks). */
  collapsed?: boolean;
}

export const EXPOSURE_WORDS: Record<Exposure, string> = {
  unknown: "",
  none: "no addresses",
  private: "private",
  public: "public",
  mixed: "private and public",
};

/** "api/fly.toml" or "api/fly.toml, api/fly.staging.toml". */
function filesWords(entry: AppEntry): string {
  return entry.files.map((f) => f.relative).join(", ");
}

/** An app's row id: by its name, or its file when it has none (the same row whether flyctl is there or not). */
const appId = (entry: AppEntry) => `app:${entry.app ? `name:${entry.app}` : entry.uri}`;

/** The app's row: its exposure, its Machines in a few words when they are known ("2 Machines: 1 started, 1 stopped"), its files. */
export function appNode(entry: AppEntry, state: AddressesState, refreshing = false, machines?: string, deploying = false): ViewNode {
  const exposure = state.kind === "ok" ? exposureOf(state.value) : "unknown";
  const words = state.kind === "ok" ? EXPOSURE_WORDS[exposure] : state.kind === "loading" ? "loading…" : "needs attention";
  return {
    id: appId(entry),
    label: entry.app ?? "(no app name)",
    description: `${deploying ? "deploying… · " : ""}${words}${machines ? ` · ${machines}` : ""}${refreshing ? " (refreshing…)" : ""} · ${filesWords(entry)}`,
    tooltip: [
      `**${entry.app ?? "no app name"}**`,
      exposure === "unknown" ? "" : `Exposure: **${EXPOSURE_WORDS[exposure]}**`,
      machines ?? "",
      `Config file${entry.files.length === 1 ? "" : "s"}: ${entry.files.map((f) => f.relative).join(", ")}`,
    ]
      .filter(Boolean)
      .join("\n\n"),
    icon: exposure === "private" ? "lock" : exposure === "mixed" ? "warning" : exposure === "public" ? "globe" : "cloud",
    iconColor: exposure === "mixed" ? "problemsWarningIcon.foreground" : undefined,
    // an app Fly.io does not know offers no Make private, Allocate, Release or Deploy (package.json's menus)
    contextValue: !entry.app
      ? "flyApp.noApp"
      : state.kind === "error" && state.failure === "app-not-found"
        ? "flyApp.notFound"
        : `flyApp.${exposure}`,
    collapsible: true,
  };
}

/**
 * Where the app is reached, as its exposure says: `http://<app>.flycast` for a private app (from the
 * organization's private network), `https://<app>.fly.dev` for a public one; undefined without addresses.
 */
export function appUrl(app: string, ips: readonly Ip[] | undefined): { url: string; private: boolean } | undefined {
  const exposure = exposureOf(ips);
  if (exposure === "private") return { url: `http://${app}.flycast`, private: true };
  if (exposure === "public" || exposure === "mixed") return { url: `https://${app}.fly.dev`, private: false };
  return undefined;
}

/** The app's page in the Fly.io dashboard. */
export const dashboardUrl = (app: string) => `https://fly.io/apps/${encodeURIComponent(app)}`;

/** What an app is picked for: the picker shows each app's exposure and puts first those the action is for. */
export type PickPurpose = "any" | "makePrivate" | "releasePublic";

/**
 * The apps a picker offers, in order, each with its exposure and files: for Make private the apps that are not
 * private yet come first (a private one says so); for Release public IPs only apps that have public addresses
 * (or whose addresses are not known); the active editor's app first among equals.
 */
export function pickItems(
  entries: readonly AppEntry[],
  exposure: (e: AppEntry) => Exposure,
  purpose: PickPurpose,
  active?: AppEntry,
): { label: string; description: string; value: AppEntry }[] {
  const rank = (e: AppEntry) => {
    const x = exposure(e);
    if (purpose === "makePrivate") return x === "private" ? 2 : x === "unknown" ? 1 : 0;
    return 0;
  };
  return entries
    .filter((e) => e.app && (purpose !== "releasePublic" || ["public", "mixed", "unknown"].includes(exposure(e))))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || Number(b.e === active) - Number(a.e === active) || a.i - b.i)
    .map(({ e }) => {
      const x = exposure(e);
      const words = x === "unknown" ? "" : purpose === "makePrivate" && x === "private" ? "already private" : EXPOSURE_WORDS[x];
      return {
        label: e.app!,
        description: [words, filesWords(e), e === active ? "(active editor)" : ""].filter(Boolean).join(" · "),
        value: e,
      };
    });
}

/** An app's row while flyctl is missing: its name and config files, nothing to open, no command offered. */
export function appWithoutFlyctl(entry: AppEntry): ViewNode {
  return {
    id: appId(entry),
    label: entry.app ?? "(no app name)",
    description: filesWords(entry),
    tooltip: `**${entry.app ?? "no app name"}**\n\nConfig file${entry.files.length === 1 ? "" : "s"}: ${filesWords(entry)}\n\nflyctl is needed to show its addresses, Machines and volumes.`,
    icon: "cloud",
    contextValue: "flyApp.noFlyctl",
    command: { command: "vscode.open", title: "Open fly.toml", arguments: [entry.uri] },
    collapsible: false,
  };
}

function ipNode(entry: AppEntry, ip: Ip): ViewNode {
  const pub = isPublic(ip);
  const priv = isPrivate(ip);
  const org = ip.Network?.Organization?.Slug;
  const net = ip.Network?.Name;
  return {
    id: `ip:${entry.uri}:${ip.Type}:${ip.Address}`,
    label: ip.Address,
    description: `${typeWords(ip.Type)}${ip.Region ? ` · ${ip.Region}` : ""}`,
    tooltip: [
      `**${ip.Address}**`,
      "",
      `${typeWords(ip.Type)}${ip.Region ? `, region ${ip.Region}` : ""}`,
      ip.CreatedAt && !ip.CreatedAt.startsWith("0001-") ? `created ${ip.CreatedAt}` : "",
      priv ? `reached at \`http://${entry.app}.flycast\`${org ? ` from organization ${org}` : ""}${net ? `, network ${net}` : ""}` : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
    icon: priv ? "lock" : pub ? "globe" : "arrow-up",
    iconColor: pub ? "charts.orange" : priv ? "charts.green" : undefined,
    contextValue: priv ? "flyIp.private" : pub ? "flyIp.public" : "flyIp.egress",
    collapsible: false,
  };
}

const ORDER = (ip: Ip) => (isPrivate(ip) ? 0 : isPublic(ip) ? 1 : 2);

function messageNode(entry: AppEntry, key: string, label: string, icon = "info"): ViewNode {
  return { id: `msg:${entry.uri}:${key}`, label, icon, contextValue: "flyMessage", collapsible: false, tooltip: label };
}

function action(entry: AppEntry, key: string, label: string, icon: string, command: ViewCommand): ViewNode {
  return { id: `act:${entry.uri}:${key}`, label, icon, contextValue: "flyAction", command, collapsible: false };
}

const retry = (entry: AppEntry) => action(entry, "retry", "Retry", "refresh", { command: COMMANDS.refresh, title: "Retry" });
const pick = (entry: AppEntry) =>
  action(entry, "pick", "Pick the app…", "edit", { command: COMMANDS.pickApp, title: "Pick the app", arguments: [entry.uri] });

/** Failures that are the same for every app: the view shows them once (its welcome message), not under each app. */
export const VIEW_WIDE: readonly string[] = ["not-logged-in", "not-installed"];

/** The rows of a failure the whole view shares, shown once at the top: flyctl missing (not logged in is the view's welcome). */
export function viewWideNodes(message: string): ViewNode[] {
  const view: AppEntry = { uri: "view", relative: "", files: [] };
  return [
    // said once: "flyctl was not found (looked at …)" needs no "flyctl not found:" before it
    { ...messageNode(view, "explain", message, "error"), label: /^flyctl\b/.test(message) ? message : `flyctl not found: ${message}` },
    action(view, "path", "Set the flyctl path…", "gear", { command: COMMANDS.setFlyctlPath, title: "Set the flyctl path" }),
    action(view, "install", "Install flyctl…", "link-external", {
      command: "vscode.open",
      title: "Install flyctl",
      arguments: ["https://fly.io/docs/flyctl/install/"],
    }),
  ];
}

export function childrenOf(entry: AppEntry, state: AddressesState): ViewNode[] {
  if (state.kind === "loading") return [messageNode(entry, "loading", "Loading addresses…", "loading~spin")];
  if (state.kind === "ok") {
    if (!state.value.length)
      return [
        messageNode(
          entry,
          "none",
          "No IP addresses yet: the first fly deploy of an app with services allocates public ones (deploy with --flycast to stay " +
            "private).",
        ),
      ];
    return [...state.value].sort((a, b) => ORDER(a) - ORDER(b) || a.Address.localeCompare(b.Address)).map((ip) => ipNode(entry, ip));
  }
  const explain = () => {
    const { label, icon } = failureWords(entry, state.failure, state.message);
    return messageNode(entry, "explain", label, icon);
  };
  switch (state.failure) {
    case "not-installed":
      return [
        explain(),
        action(entry, "path", "Set the flyctl path…", "gear", { command: COMMANDS.setFlyctlPath, title: "Set the flyctl path" }),
        action(entry, "install", "Install flyctl…", "link-external", {
          command: "vscode.open",
          title: "Install flyctl",
          arguments: ["https://fly.io/docs/flyctl/install/"],
        }),
      ];
    case "not-logged-in":
      return [explain(), action(entry, "login", "Log in to Fly.io…", "sign-in", { command: COMMANDS.login, title: "Log in" })];
    case "no-app":
      return [explain(), pick(entry)];
    case "app-not-found":
      return [explain(), pick(entry), retry(entry)];
    case "cancelled":
      return [action(entry, "retry", "Load the addresses", "refresh", { command: COMMANDS.refresh, title: "Load the addresses" })];
    default:
      return [explain(), retry(entry)];
  }
}

/** What a failure says on its explanation row, the same for the addresses, the Machines and the volumes of an app. */
export function failureWords(entry: AppEntry, failure: FailureKind | "no-app", message: string): { label: string; icon: string } {
  switch (failure) {
    case "not-installed":
      return { label: message, icon: "error" };
    case "not-logged-in":
      return { label: "Not logged in: flyctl has no Fly.io session.", icon: "account" };
    case "no-app":
      return { label: `No app name: ${entry.relative} has no app key, so there is no app to ask about.`, icon: "question" };
    case "app-not-found":
      return { label: appNotFoundWords(entry.app), icon: "error" };
    case "timed-out":
      return { label: message, icon: "warning" };
    default:
      return { label: `flyctl failed: ${message}`, icon: "error" };
  }
}
