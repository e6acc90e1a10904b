import { InvalidArgumentError } from "./errors.ts";

/** Throws `InvalidArgumentError` unless `value` is a non-empty string. Returns it for chaining. */
export function requireName(argument: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new InvalidArgumentError(argument, `must be a non-empty string, got ${typeof value}`);
  }
  if (value.length === 0) throw new InvalidArgumentError(argument, "must not be empty");
  return value;
}

/** Throws `InvalidArgumentError` unless `value` is a string (empty allowed). */
export function requireString(argument: string, value: unknown): string {
  if (typeof value !== "string")
    throw new InvalidArgumentError(argument, `must be a string, got ${typeof value}`);
  return value;
}

/** Throws `InvalidArgumentError` unless `value` is an array of non-empty strings. */
export function requireNames(argument: string, value: unknown): string[] {
  if (!Array.isArray(value))
    throw new InvalidArgumentError(argument, `must be an array of strings, got ${typeof value}`);
  for (let i = 0; i < value.length; i++) requireName(`${argument}[${i}]`, value[i]);
  return value as string[];
}

/** Throws `InvalidArgumentError` unless `value` is a plain object (or undefined, which becomes `{}`). */
export function requireOptions<T extends object>(argument: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(
      argument,
      `must be an options object, got ${value === null ? "null" : typeof value}`,
    );
  }
  return value;
}

/** Throws `InvalidArgumentError` unless `value` is a boolean or undefined (the message's default). */
export function optionalBool(argument: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") {
    throw new InvalidArgumentError(argument, `must be a boolean, got ${typeof value}`);
  }
  return value;
}

/** Throws `InvalidArgumentError` unless `value` is a string or undefined, which becomes `""`. */
export function optionalString(argument: string, value: unknown): string {
  return value === undefined ? "" : requireString(argument, value);
}

/** Throws `InvalidArgumentError` unless `options` is an object whose `keys` are non-empty strings. */
export function requireFields<T extends object>(
  argument: string,
  options: T | undefined,
  keys: readonly (keyof T & string)[],
): T {
  if (options === undefined) throw new InvalidArgumentError(argument, `must give ${keys.join(", ")}`);
  const opts = requireOptions(argument, options);
  for (const key of keys) requireName(key, opts[key]);
  return opts;
}
