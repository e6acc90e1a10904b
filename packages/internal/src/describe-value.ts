/**
 * Names a value's type for an error message, never the value itself (a caller may have put a secret in the
 * wrong place): `null`, `an array`, `an object`, or `a` and the `typeof` (`a string`, `a number`, `a undefined`).
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
