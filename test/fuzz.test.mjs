// A default fuzz run in npm test: 3,000 cases with a fixed seed (reproducible in CI); `npm run fuzz -- --runs N`
// runs more with a new seed. Failures print the seed, the replay command and the minimal case.
import { test } from "node:test";
import { runFuzz } from "./fuzz/fuzz.mjs";

test("fuzz: the service never throws, fixes and fix-all are safe, formatting is lossless or refused", { timeout: 300_000 }, async () => {
  await runFuzz({
    runs: Number(process.env.FUZZ_RUNS ?? 3000),
    seed: Number(process.env.FUZZ_SEED ?? 20261123),
    formatEvery: 25,
    log: () => undefined,
  });
});
