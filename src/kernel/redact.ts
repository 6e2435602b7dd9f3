// Secret redaction for check logs (issue #18): known token shapes, credentials in URLs and the
// values of secret-looking environment variables are replaced by [REDACTED:<kind>]. Pure.

const SHAPES: [string, RegExp][] = [
  ["private_key", /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g],
  ["github_token", /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g],
  ["aws_access_key", /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g],
  ["slack_token", /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g],
  ["openai_key", /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}\b/g],
  ["google_api_key", /\bAIza[0-9A-Za-z_-]{35}\b/g],
  ["stripe_key", /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g],
  ["npm_token", /\bnpm_[A-Za-z0-9]{36}\b/g],
  ["jwt", /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g],
  ["bearer", /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{12,}/g],
];

/** user:password@ in URLs (database URLs, git remotes with tokens). */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s@/]+)@/gi;
/** KEY=value / "key": "value" where the key looks secret. */
const SECRET_ASSIGNMENT = /\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]*)("?\s*[=:]\s*"?)([^\s"',;]{4,})/gi;
const SECRET_ENV_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|DATABASE_URL|_DSN$|CONNECTION_STRING)/i;

/** Values of secret-looking environment variables worth redacting (at least 8 characters). */
export function secretEnvValues(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value && value.length >= 8 && SECRET_ENV_NAME.test(name)) out.push(value);
  }
  return out.sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, envValues: readonly string[] = []): string {
  let out = text;
  for (const value of envValues) if (value.length >= 8) out = out.split(value).join("[REDACTED:env]");
  for (const [kind, re] of SHAPES) out = out.replace(re, (m, p1: unknown) => (kind === "bearer" && typeof p1 === "string" ? `${p1} [REDACTED:${kind}]` : `[REDACTED:${kind}]`));
  out = out.replace(URL_CREDENTIALS, (_m, scheme: string, user: string) => `${scheme}${user}:[REDACTED:password]@`);
  out = out.replace(SECRET_ASSIGNMENT, (m, key: string, sep: string, value: string) => (value.startsWith("[REDACTED") ? m : `${key}${sep}[REDACTED:secret]`));
  return out;
}
