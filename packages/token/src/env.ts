type EnvHost = {
  process?: { env?: Record<string, string | undefined> };
  Deno?: { env?: { get(name: string): string | undefined } };
};

/**
 * Reads an environment variable without assuming `process` exists (edge runtimes have none, Deno may
 * refuse access without `--allow-env`). Returns `undefined` when unset, empty or unreadable. The other
 * `@exlivekit` packages read `LIVEKIT_*` through this, so every package agrees on what "set" means.
 */
export function readEnv(name: string): string | undefined {
  const host = globalThis as EnvHost;
  try {
    const value = host.process?.env?.[name] ?? host.Deno?.env?.get(name);
    return value === "" ? undefined : value;
  } catch {
    return undefined;
  }
}
