// @ts-check
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isTcpPortInUse, isUdpPortInUse } from "./free-port.js";

/**
 * Ports a livekit-server node keeps for its whole life, across kill and restart. A port the OS handed out
 * (`listen(0)`) and that was closed again is fair game for anyone: another test run in another worktree
 * picking its own ports, or the kernel choosing the local port of an outgoing connection, both of which
 * can take a killed node's port before its restart. So node ports come from a range below the OS's
 * ephemeral ports (Linux starts those at 32768, others at 49152), where the kernel never picks, and each
 * one is claimed with a lock file every run on this machine checks; a lock whose process is gone is stale
 * and taken over.
 */
export const RESERVED_PORT_RANGE = Object.freeze({ first: 20_000, last: 31_999 });

const lockDir = join(tmpdir(), "exlivekit-ports");
/** Ports this process holds, released at exit even when a stack was never stopped. */
const held = new Set();
let exitHookInstalled = false;

/**
 * Claims `port` for this process if no live process on this machine holds it. Does not check whether the
 * port is bound: `reservePorts` does.
 * @param {number} port
 * @returns {boolean} whether this call claimed it
 */
export function tryReservePort(port) {
  if (held.has(port)) return false;
  mkdirSync(lockDir, { recursive: true });
  const path = lockPath(port);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, "wx", 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(port);
      installExitHook();
      return true;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
      if (!isStale(path)) return false;
      try {
        unlinkSync(path);
      } catch {
        // Another run took the stale lock over first; the next open says who holds it.
      }
    }
  }
  return false;
}

/**
 * Releases ports this process holds (others are left alone).
 * @param {Iterable<number>} ports
 */
export function releasePorts(ports) {
  for (const port of ports) {
    if (!held.delete(port)) continue;
    try {
      unlinkSync(lockPath(port));
    } catch {
      // Already gone: nothing to release.
    }
  }
}

/**
 * `count` distinct ports, each claimed for this process and free on 127.0.0.1 for both TCP and UDP right
 * now. Release them with `releasePorts` once the node that uses them is stopped for good.
 * @param {number} count
 * @returns {Promise<number[]>}
 */
export async function reservePorts(count) {
  const size = RESERVED_PORT_RANGE.last - RESERVED_PORT_RANGE.first + 1;
  /** @type {number[]} */
  const ports = [];
  // Random starting points spread parallel runs over the range; the bound keeps a full range from spinning.
  for (let tries = 0; ports.length < count && tries < 200 * count; tries += 1) {
    const port = RESERVED_PORT_RANGE.first + Math.floor(Math.random() * size);
    if (!tryReservePort(port)) continue;
    if ((await isTcpPortInUse(port)) || (await isUdpPortInUse(port))) {
      releasePorts([port]);
      continue;
    }
    ports.push(port);
  }
  if (ports.length < count) {
    releasePorts(ports);
    throw new Error(
      `no ${count} free ports in ${RESERVED_PORT_RANGE.first}-${RESERVED_PORT_RANGE.last} (locks in ${lockDir})`,
    );
  }
  return ports;
}

/** @param {number} port */
function lockPath(port) {
  return join(lockDir, String(port));
}

/**
 * A lock is stale when the process that wrote it is gone (a run that was SIGKILLed left it behind).
 * @param {string} path
 */
function isStale(path) {
  let pid;
  try {
    pid = Number(readFileSync(path, "utf8"));
  } catch {
    // Removed meanwhile, or being written: not ours to judge; the next open decides.
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "ESRCH";
  }
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => releasePorts([...held]));
}
