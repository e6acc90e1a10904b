import type { TestProject } from "vitest/node";
import { startMock, startStack } from "./stack.js";
import type { LiveKitServerInfo, MockServerInfo, MockStack, Stack } from "./types.js";
import type {} from "./vitest.js";

/**
 * vitest global setup: one server with Redis, one without, and the mock, started in parallel and
 * provided to integration tests. Nothing starts when the selected files include no integration test.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!(await runsIntegrationTests(project))) return undefined;
  const startedAt = Date.now();
  const started = await Promise.allSettled([
    startStack({ redis: true }),
    startStack({ redis: false }),
    startMock(),
  ]);
  const running = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stopAll = async () => {
    await Promise.all(running.map((stack) => stack.stop()));
  };
  const failure = started.find((result) => result.status === "rejected");
  if (failure !== undefined) {
    await stopAll();
    throw failure.reason;
  }
  const [withRedis, withoutRedis, mock] = running as [Stack, Stack, MockStack];
  project.provide("livekit", serverInfo(withRedis));
  project.provide("livekitNoRedis", serverInfo(withoutRedis));
  project.provide("livekitMock", mockInfo(mock));
  console.info(
    `[livekit-stack] ready in ${Date.now() - startedAt} ms: ${withRedis.url} (Redis), ${withoutRedis.url} (no Redis), ${mock.url} (mock)`,
  );
  return stopAll;
}

function serverInfo(stack: Stack): LiveKitServerInfo {
  const { url, wsUrl, apiKey, apiSecret, redis, sinkUrl } = stack;
  return { url, wsUrl, apiKey, apiSecret, redis, sinkUrl };
}

function mockInfo(mock: MockStack): MockServerInfo {
  const { url, apiKey, apiSecret, regionUrls } = mock;
  return { url, apiKey, apiSecret, regionUrls };
}

async function runsIntegrationTests(project: TestProject): Promise<boolean> {
  // vitest keeps the CLI's file filters on an internal field; without filters every file runs.
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some((file) => file.endsWith(".integration.test.ts"));
}
