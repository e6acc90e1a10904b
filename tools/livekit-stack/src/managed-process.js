// @ts-check
import { spawn } from "node:child_process";

/**
 * @typedef {object} ManagedProcess
 * @property {string} name what it is, for messages
 * @property {number} pid
 * @property {() => string} output the latest stdout+stderr (bounded)
 * @property {Promise<{ code: number | null, signal: string | null }>} exited settles when the process is gone
 * @property {() => boolean} alive
 * @property {() => Promise<void>} stop SIGTERM, a second SIGTERM, then SIGKILL; resolves once it is gone
 * @property {() => Promise<void>} kill SIGKILL at once (a crash, for failover tests); resolves once it is gone
 */

const outputLimit = 64 * 1024;
/** @type {Set<import("node:child_process").ChildProcess>} */
const running = new Set();
let hooksInstalled = false;

// Teardown hooks may never run (Ctrl-C, a crashed runner): whatever is still running when this process
// ends is killed here, synchronously, so no server or Redis outlives the run.
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", killAllNow);
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
    const onSignal = () => {
      // Another handler (vitest, dev-server) decides how to end and may stop things gracefully; the
      // exit hook still kills what is left. Alone, act like the default: clean up and die by the signal.
      if (process.listenerCount(signal) > 1) return;
      killAllNow();
      process.off(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function killAllNow() {
  for (const child of running) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

/**
 * Exit hooks cannot run when this process is SIGKILLed (a runner killing its worker): a tiny shell
 * watches both pids and kills the child within a second of this process vanishing. It ends by itself
 * once the child is gone.
 * @param {number} childPid
 */
function startReaper(childPid) {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${childPid} 2>/dev/null; do sleep 1; done; kill -KILL ${childPid} 2>/dev/null; exit 0`;
  try {
    spawn("sh", ["-c", script], { stdio: "ignore", detached: true }).unref();
  } catch {
    // Without a shell the exit hooks still cover ordinary ends of the run.
  }
}

/**
 * Spawns a long-running process whose output is kept for error messages and which is killed when
 * this Node process ends.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
 * @returns {ManagedProcess}
 */
export function startProcess(name, command, args, options = {}) {
  installExitHooks();
  const child = spawn(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  let output = "";
  /** @param {Buffer} chunk */
  const collect = (chunk) => {
    output += chunk.toString("utf8");
    if (output.length > outputLimit) output = output.slice(output.length - outputLimit);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  running.add(child);
  if (child.pid !== undefined) startReaper(child.pid);
  /** @type {Promise<{ code: number | null, signal: string | null }>} */
  const exited = new Promise((resolve) => {
    child.once("error", (error) => {
      collect(Buffer.from(`${name}: ${error.message}\n`));
      running.delete(child);
      resolve({ code: null, signal: null });
    });
    child.once("close", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  return {
    name,
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    alive: () => !gone,
    stop: () => stopChild(child, exited),
    kill: async () => {
      if (!gone) child.kill("SIGKILL");
      await exited;
    },
  };
}

/**
 * @param {import("node:child_process").ChildProcess} child
 * @param {Promise<unknown>} exited
 */
async function stopChild(child, exited) {
  // livekit-server waits for connected participants on the first SIGTERM and quits on the second.
  const steps = /** @type {const} */ ([
    ["SIGTERM", 500],
    ["SIGTERM", 3000],
    ["SIGKILL", 5000],
  ]);
  for (const [signal, waitMs] of steps) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      child.kill(signal);
    } catch {
      break;
    }
    if (await settlesWithin(exited, waitMs)) break;
  }
  await settlesWithin(exited, 5000);
}

/**
 * @param {Promise<unknown>} promise
 * @param {number} ms
 * @returns {Promise<boolean>} whether it settled in time
 */
export function settlesWithin(promise, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  return Promise.race([
    promise.then(() => true),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
