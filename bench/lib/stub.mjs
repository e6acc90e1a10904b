// Starts stub-responder.mjs in a child process and hands back its URL and a stop function.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("./stub-responder.mjs", import.meta.url));

/** Resolves to { url, stop() } once the responder listens; rejects if it exits first or takes over 10 s. */
export function startStubResponder() {
  const child = fork(script, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("stub responder did not start within 10 s"));
    }, 10_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`stub responder exited early (code ${code})`));
    });
    child.once("message", ({ port }) => {
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${port}`, stop });
    });
  });
}
