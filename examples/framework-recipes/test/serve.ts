import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";

/** A free TCP port on 127.0.0.1 (the recipe's server takes it right after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A recipe running as its own process, as a user starts it. */
export interface Served {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** What the process printed so far (its errors, `onError`'s reports). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `command args` in a process group of its own and waits (up to 25 s) until it accepts
 * connections on `port`; fails with its output when it exits first.
 */
export async function serve(
  command: string,
  args: string[],
  port: number,
  env: Record<string, string>,
): Promise<Served> {
  const child: ChildProcess = spawn(command, args, {
    env: { PATH: process.env["PATH"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own group: Bun's and Deno's npm launchers start the runtime as a child
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  const stop = async () => {
    if (running && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 25_000; // inside the 30 s test timeout, so the failure shows the output
  while (!(await accepts(port))) {
    if (!running || Date.now() > deadline) {
      await stop();
      throw new Error(`${command} ${args.join(" ")} did not listen on ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { base: `http://127.0.0.1:${port}`, output: () => output, stop };
}
