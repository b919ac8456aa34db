/** The period of flyToml.live.refreshSeconds. */
const MIN_REFRESH_SECONDS = 10;

/** 0 (off) for anything but a number above 0; at least MIN_REFRESH_SECONDS seconds otherwise, in milliseconds. */
export function refreshPeriodMs(setting: unknown): number {
  if (typeof setting !== "number" || !Number.isFinite(setting) || setting <= 0) return 0;
  return Math.max(MIN_REFRESH_SECONDS, setting) * 1000;
}
