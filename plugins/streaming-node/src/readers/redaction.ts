/** Key fragments that mark a property value as secret unless configured otherwise. */
export const DEFAULT_SECRET_KEY_PATTERNS = [
  'password',
  'secret',
  'token',
  'key',
  'credential',
];

export const REDACTED = '<redacted>';

/**
 * Replaces the values of properties whose key contains one of the patterns
 * (case-insensitive), so secrets placed in Flink runtime properties are never
 * stored or served.
 */
export function redactProperties(
  properties: Record<string, string>,
  patterns: readonly string[],
): Record<string, string> {
  const lowered = patterns.map(p => p.toLowerCase()).filter(p => p.length > 0);
  return Object.fromEntries(
    Object.entries(properties).map(([key, value]) => [
      key,
      lowered.some(pattern => key.toLowerCase().includes(pattern))
        ? REDACTED
        : value,
    ]),
  );
}
