/**
 * Which steps of the walkthrough "Make a Fly app private" an action completed. A step is checked when its action
 * completed, not when its command ran: Escape at a picker or Cancel at a plan checks nothing. package.json's
 * completionEvents wait for the context key `flyToml.walkthrough.<step>` that markDone sets.
 */
import type { PrivateOutcome, ReleaseOutcome } from "./ips/operations";

export type WalkthroughStep = "launch" | "open" | "allocate" | "release" | "fix" | "deploy";

export const stepContextKey = (step: WalkthroughStep): string => `flyToml.walkthrough.${step}`;

export function stepsOfAllocate(address: string | undefined): WalkthroughStep[] {
  return address ? ["allocate"] : [];
}

export function stepsOfRelease(o: ReleaseOutcome | undefined): WalkthroughStep[] {
  return o && o.released.length ? ["release"] : [];
}

/** Make private does the allocation, the release and the fixes as one plan: each is checked when it happened. */
export function stepsOfMakePrivate(o: PrivateOutcome | undefined): WalkthroughStep[] {
  if (!o) return [];
  if (o.private) return ["allocate", "release", "fix"];
  return [...(o.allocated ? (["allocate"] as const) : []), ...(o.released.length ? (["release"] as const) : [])];
}
