/**
 * How much an [env] value looks like a real secret. The name alone (`*_KEY`, `*_PASSWORD`) misleads: on real configs
 * most such values are paths, cookie names, placeholders filled in at deploy time, or dummy values.
 */

/** Known token shapes, each named for the message (the value itself is never repeated). */
const TOKEN_SHAPES: [RegExp, string][] = [
  [/^(sk|rk)_live_[0-9A-Za-z]{16,}$/, "a Stripe live secret key"],
  [/^(sk|rk)_test_[0-9A-Za-z]{16,}$/, "a Stripe test secret key"],
  [/^(ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{30,}$/, "a GitHub token"],
  [/^github_pat_[0-9A-Za-z_]{40,}$/, "a GitHub fine-grained token"],
  [/^glpat-[0-9A-Za-z_-]{20,}$/, "a GitLab token"],
  [/^(AKIA|ASIA)[0-9A-Z]{16}$/, "an AWS access key id"],
  [/^xox[abpors]-[0-9A-Za-z-]{10,}$/, "a Slack token"],
  [/^AIza[0-9A-Za-z_-]{35}$/, "a Google API key"],
  [/^sk-(proj-)?[0-9A-Za-z_-]{20,}$/, "an OpenAI-style API key"],
  [/^FlyV1 |^fo1_[0-9A-Za-z_-]{20,}$/, "a Fly.io token"],
  [/^eyJ[0-9A-Za-z_-]{10,}\.eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}$/, "a JSON Web Token"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a private key"],
];

/** Values that are filled in elsewhere or mean nothing: `<your-key>`, `%db_password%`, `${TOKEN}`, `{{ .Secret }}`, `{YOUR_KEY}`. */
const PLACEHOLDER = /^<[^>]*>$|^%[^%]+%$|\$\{[^}]*\}|\{\{.*\}\}|^\{[A-Z0-9_ ]+\}$|^\$[A-Z_][A-Z0-9_]*$/;
const DUMMY =
  /^(x+|\*+|\.+|-+|changeme|change_me|change-me|replace_?me|secret|password|pass|passwd|token|key|test|testing|example|dummy|sample|placeholder|todo|tbd|none|null|nil|unused|unset|default|true|false|yes|no|on|off|dev|development|local|localhost)$/i;
/** A file path (`/data/secret.txt`, `./key.pem`) or a URL without credentials. */
const PATH = /^(\/|\.{1,2}\/|~\/)[^\s]*$|^[\w.-]+\/[\w./-]+$|^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+(:\d+)?(\/\S*)?$/i;
/** A name rather than a value: `_app_session`, `my-bucket`, `session.key`. */
const IDENTIFIER = /^_[\w.-]+$|^[a-z]+([_.-][a-z0-9]+)+$/;

type SecretWeight = "token" | "strong" | "weak" | "benign";

/** How every shape above starts (or, for a key, what it holds): one test instead of twelve for most values. */
const TOKEN_START = /^(?:[sr]k_|gh[pousr]_|github_pat_|glpat-|AKIA|ASIA|xox|AIza|sk-|FlyV1 |fo1_|eyJ)|-----BEGIN /;

export function tokenShape(value: string): string | undefined {
  if (!TOKEN_START.test(value)) return undefined;
  for (let i = 0; i < TOKEN_SHAPES.length; i++) if (TOKEN_SHAPES[i][0].test(value)) return TOKEN_SHAPES[i][1];
  return undefined;
}

/** Bits per character (Shannon): random keys are near 4 and up, words under 3.5. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / value.length) * Math.log2(n / value.length);
  return h;
}

/** token: a known token shape; strong: long and random-looking; weak: could be a real (short or simple) secret; benign: not a secret. */
export function weighSecret(value: string): SecretWeight {
  const v = value.trim();
  if (tokenShape(v)) return "token";
  if (!v || PLACEHOLDER.test(v) || DUMMY.test(v) || PATH.test(v) || IDENTIFIER.test(v) || /^\d{1,6}$/.test(v)) return "benign";
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^0-9A-Za-z]/].filter((re) => re.test(v)).length;
  if (v.length >= 20 && entropy(v) >= 3.5 && classes >= 2) return "strong";
  return "weak";
}

/** `scheme://user:password@host…`: the password of a URL's user info, when there is one. */
const URL_USERINFO = /^[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:([^@/\s]+)@[^\s]/i;

/**
 * The password in a URL's user info, unless it is a placeholder or a template (`${DB_PASSWORD}`, `<password>`,
 * `%pw%`) or a dummy (`changeme`, `password`, `xxx`…): weighed as every [env] value is, never shown.
 */
export function urlPassword(value: string): boolean {
  const m = URL_USERINFO.exec(value.trim());
  if (!m) return false;
  let pw = m[1];
  try {
    pw = decodeURIComponent(pw);
  } catch {
    // not percent-encoded: as it is
  }
  return !(PLACEHOLDER.test(pw) || /\$\{|^\$[A-Za-z_]|^<.*>$|^%.*%$|\{\{/.test(pw) || DUMMY.test(pw));
}
