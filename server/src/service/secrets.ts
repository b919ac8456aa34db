/** Values under these key paths may be secrets: messages, fix titles, hovers and the outline never repeat them. */
export function secretPath(path: string): boolean {
  return /^(env|build\.args)(\.|\[|$)|(^|\.)(secrets|headers)(\.|\[|$)/.test(path);
}
