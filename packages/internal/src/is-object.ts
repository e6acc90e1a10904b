/** True for a non-null object that is not an array: what a JSON object or an options argument must be. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
