/** Values under these key paths may be secrets: messages, fix titles, hovers and the outline never repeat them. */
export function secretPath(path: string): boolean {
  return /^(env|build\.args)(\.|\[|$)|(^|\.)(secrets|headers)(\.|\[|$)/.test(path);
}

const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|KEY|API_KEY|PRIVATE_KEY)$/i;
const NOT_SECRET = /(PUBLIC|PUBLISHABLE|_ID$|_NAME$|_FILE$|_PATH$)/i;

/** Whether a variable's name says it holds a secret (`API_KEY`, not `KEY_ID`). */
export function secretName(name: string): boolean {
  return SECRET_NAME.test(name) && !NOT_SECRET.test(name);
}
