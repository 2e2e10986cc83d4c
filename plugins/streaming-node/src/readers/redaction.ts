/** Key fragments that mark a property value as secret unless configured otherwise. */
export const DEFAULT_SECRET_KEY_PATTERNS = [
  'password',
  'secret',
  'token',
  'key',
  'credential',
];

/**
 * Key fragments whose values hold a secret whatever is configured: Kafka's
 * `sasl.jaas.config` (a JAAS line with `password="…"`) and the schema
 * registry's `basic.auth.user.info` (`user:password`), under any prefix.
 */
const ALWAYS_SECRET_KEY_PATTERNS = ['jaas', 'user.info', 'userinfo'];

/**
 * Option names that, followed by `=` or `:` inside a value, carry a secret:
 * JAAS options (`password="…"`), connection strings (`;Password=…`), inline
 * JSON (`"clientSecret": "…"`). Matched case-insensitively anywhere, so
 * camel-cased names count too.
 */
const SECRET_ASSIGNMENT =
  /(?:password|passwd|pwd|secret|token|api[._-]?key|access[._-]?key|private[._-]?key|credentials?)["']?\s*[=:]/i;

/**
 * A URL's user information: `scheme://user:password@`. The user part stops at
 * the last `@` before the path, so a password containing `@` is covered whole.
 */
const URL_USER_INFO = /([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]*?):([^\s/?#]*)@/gi;

export const REDACTED = '<redacted>';

/**
 * Replaces the secrets in Flink runtime properties, so they are never stored,
 * served or logged: the whole value when its key contains one of the patterns
 * (case-insensitive) or a key that always holds a secret, or when the value
 * assigns a secret-named option; only the password of a URL with `user:pass@`.
 */
export function redactProperties(
  properties: Record<string, string>,
  patterns: readonly string[],
): Record<string, string> {
  const keyPatterns = [...patterns, ...ALWAYS_SECRET_KEY_PATTERNS]
    .map(p => p.toLowerCase())
    .filter(p => p.length > 0);
  return Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      key,
      redactValue(key, value, keyPatterns),
    ]),
  );
}

function redactValue(
  key: string,
  value: string,
  keyPatterns: readonly string[],
): string {
  const lowerKey = key.toLowerCase();
  if (keyPatterns.some(pattern => lowerKey.includes(pattern))) return REDACTED;
  if (SECRET_ASSIGNMENT.test(value)) return REDACTED;
  return value.replace(
    URL_USER_INFO,
    (_match, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`,
  );
}
