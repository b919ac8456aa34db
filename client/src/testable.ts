/** The parts of the client that do not need VS Code, bundled for the tests (dist/client-testable.js). */
export { Flyctl, redact, type FlyctlResult } from "../../core/flyctl/client";
export { locateFlyctl } from "../../core/flyctl/locate";
export { run } from "../../core/flyctl/runner";
export * as commands from "../../core/flyctl/commands";
export { appNode, appUrl, appWithoutFlyctl, childrenOf, dashboardUrl, pickItems, viewWideNodes } from "./ips/model";
export { typeWords } from "../../core/ips";
export { IpOperations, planDetail, type Ui } from "./ips/operations";
export { appNameOf, groupApps } from "./ips/discover";
export { hasServices, withAppName } from "./appFile";
export { documentSelector } from "../../core/files";
export { commandLine, flyctlInvocation } from "./deploy";
export { LaunchOperations, launchDetail } from "./launch/operations";
export { DeployOperations, deployPlan } from "./launch/deploy";
export {
  checkNodes,
  machineChildren,
  machineNode,
  machinesSummary,
  sectionNode,
  volumeChildren,
  volumeNode,
  stateIcon,
  ago,
} from "./live/model";
export { consequences, MachineOperations } from "./live/operations";
export { Limiter } from "./live/limiter";
export { refreshPeriodMs } from "./live/period";
export { stepsOfAllocate, stepsOfMakePrivate, stepsOfRelease, stepContextKey } from "./walkthroughSteps";
export { envEntries } from "./secrets/env";
export { SecretOperations, RUN_DEPLOY } from "./secrets/operations";
export { secretChildren } from "./live/model";
