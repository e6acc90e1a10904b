interface EnvHost {
  process?: { env?: Record<string, string | undefined> };
  Deno?: { env?: { get(name: string): string | undefined } };
}

/**
 * Reads one environment variable without assuming a runtime: Node and Bun expose `process.env`, Deno
 * `Deno.env` (which throws without `--allow-env`), edge runtimes often neither.
 */
export function readEnv(name: string): string | undefined {
  const host = globalThis as EnvHost;
  try {
    const fromProcess = host.process?.env?.[name];
    if (fromProcess !== undefined) return fromProcess;
    return host.Deno?.env?.get(name);
  } catch {
    return undefined;
  }
}
