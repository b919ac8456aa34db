/** The parts of the client that do not need VS Code, bundled for the tests (dist/client-testable.js). */
export { Flyctl, redact, type FlyctlResult } from "./flyctl/client";
export { locateFlyctl } from "./flyctl/locate";
export { run } from "./flyctl/runner";
export * as commands from "./flyctl/commands";
export { appNode, childrenOf, typeWords } from "./ips/model";
export { IpOperations, type Ui } from "./ips/operations";
export { appNameOf, entryFor } from "./ips/discover";
export { withAppName } from "./appFile";
export { deployCommand } from "./deploy";
