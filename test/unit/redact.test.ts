import fc from "fast-check";
import { expect, test } from "vitest";
import { redactSecrets, secretEnvValues } from "../../src/kernel/redact.js";

test("known secret shapes, URL credentials and secret assignments are redacted", () => {
  const text = [
    "token ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "aws AKIAIOSFODNN7EXAMPLE",
    "db postgres://app:hunter2secret@db.internal:5432/prod",
    "Authorization: Bearer abcdefghijklmnop.qrstuvwx",
    "API_KEY=abcd1234efgh",
    '"password": "s3cr3t-value"',
    "openai sk-proj-abcdefghijklmnopqrstuvwxyz",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----",
  ].join("\n");
  const out = redactSecrets(text);
  for (const secret of ["ghp_abcdefghijklmnopqrstuvwxyz0123456789", "AKIAIOSFODNN7EXAMPLE", "hunter2secret", "abcdefghijklmnop.qrstuvwx", "abcd1234efgh", "s3cr3t-value", "sk-proj-abcdefghijklmnopqrstuvwxyz", "MIIB"]) {
    expect(out, secret).not.toContain(secret);
  }
  expect(out).toContain("postgres://app:[REDACTED:password]@db.internal");
  expect(redactSecrets("12 tests passed in 3.1s")).toBe("12 tests passed in 3.1s");
});

test("values of secret-looking environment variables are redacted wherever they appear", () => {
  const values = secretEnvValues({ MY_SERVICE_TOKEN: "tok-1234567890", PATH: "/usr/bin:/bin", DATABASE_URL: "mysql://x/y", SHORT_SECRET: "abc" });
  expect(values).toEqual(["tok-1234567890", "mysql://x/y"]);
  expect(redactSecrets("got tok-1234567890 and mysql://x/y", values)).toBe("got [REDACTED:env] and [REDACTED:env]");
});

test("redaction never throws and output never contains an env secret (property, fixed seed)", () => {
  fc.assert(
    fc.property(fc.string(), fc.string({ minLength: 8, maxLength: 20 }), fc.string(), (a, secret, b) => {
      const out = redactSecrets(`${a}${secret}${b}`, [secret]);
      expect(out.includes(secret) && !`[REDACTED:env]`.includes(secret)).toBe(false);
    }),
    { seed: 18, numRuns: 300 },
  );
});
