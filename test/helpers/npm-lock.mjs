// One npm at a time across the test files that run npm for real (the Action's `npm ci`, pre-commit's `npm install`):
// node --test runs files in parallel, and two npm processes writing one cache at once can fail each other.
import { mkdirSync, rmdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LOCK = join(tmpdir(), "fly-toml-tests-npm.lock");

export function withNpmLock(fn) {
  for (const deadline = Date.now() + 600_000; ;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // a lock older than ten minutes was left by a test run that was killed
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 600_000) rmdirSync(LOCK);
      } catch {
        // gone meanwhile
      }
      if (Date.now() > deadline) throw new Error(`${LOCK} stayed taken for ten minutes`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(LOCK);
  }
}
