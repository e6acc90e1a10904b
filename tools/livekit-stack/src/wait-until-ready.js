// @ts-check
import { settlesWithin } from "./managed-process.js";

/** @import { ManagedProcess } from "./managed-process.js" */

/**
 * Polls `GET url` until it answers 200. Fails with the process's output when the process exits
 * first (livekit-server exits with status 0 on a failed start) or the time runs out.
 * @param {ManagedProcess} child
 * @param {string} url
 * @param {number} timeoutMs
 */
export async function waitUntilReady(child, url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.alive()) break;
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      async (response) => {
        await response.arrayBuffer().catch(() => undefined);
        return response.status === 200;
      },
      () => false,
    );
    // Another program may own the port: only a 200 while our process still runs counts.
    if (ok && child.alive()) return;
    if (await settlesWithin(child.exited, 50)) break;
  }
  const exit = child.alive() ? undefined : await child.exited;
  const why =
    exit === undefined
      ? `did not answer 200 on GET ${url} within ${timeoutMs} ms`
      : `exited (code ${exit.code}, signal ${exit.signal}) before answering GET ${url}`;
  if (child.alive()) await child.stop();
  throw new Error(`${child.name} ${why}. Its output:\n${child.output().trim() || "(none)"}`);
}
