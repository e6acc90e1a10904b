/** Reads an environment variable without assuming `process` exists (edge runtimes have none). */
export function readEnv(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const value = env?.[name];
    return value === undefined || value === "" ? undefined : value;
  } catch {
    // Some runtimes (Deno without --allow-env) throw on access: treat as unset.
    return undefined;
  }
}
