// @ts-check
// Fixture of cleanup.integration.test.ts: starts a stack and the mock, prints what it started as one
// JSON line, then waits to be signalled or killed.
import { startMock, startStack } from "../src/index.js";

const stack = await startStack({ redis: true });
const mock = await startMock();
console.log(
  JSON.stringify({
    pids: [...stack.pids, ...mock.pids],
    ports: [...stack.ports, ...mock.ports],
    udpPort: stack.udpPort,
  }),
);
// Bounded: the test signals long before this.
setTimeout(() => process.exit(3), 60_000);
