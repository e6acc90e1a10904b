// LiveKit Cloud region failover without the internet: `*.livekit.cloud` names resolve to 127.0.0.1 inside
// the test transport. The project host is a local responder that serves `/settings/regions` and answers
// every RPC with 502 (a region in trouble); of its three regions one is down (a closed port) and two are
// the real livekit-servers of this run.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import "@exlivekit/livekit-stack/vitest";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Client, type InterceptedRequest, RoomService, type Transport, TwirpError } from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const lk = inject("livekit");
const noRedis = inject("livekitNoRedis");
const portOf = (url: string) => Number(new URL(url).port);

let project: Server;
let projectPort: number;
let downPort: number;
const lookups: Array<{ authorization: string | undefined }> = [];

/** A transport that resolves every `*.livekit.cloud` name to 127.0.0.1, like a hosts file would. */
function cloudTransport(): Transport {
  const inner = testTransport();
  return {
    request: (req) => {
      const url = new URL(req.url);
      if (url.hostname.endsWith(".livekit.cloud")) url.hostname = "127.0.0.1";
      return inner.request({ ...req, url: url.href });
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  // A port that was free a moment ago and that nobody listens on: the region that is down.
  const probe = createServer();
  downPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));

  project = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/settings/regions") {
      lookups.push({ authorization: req.headers.authorization });
      res.writeHead(200, { "content-type": "application/json", "cache-control": "public, max-age=60" });
      res.end(
        JSON.stringify({
          regions: [
            {
              region: "us-down",
              url: `ws://proj-us.livekit.cloud:${downPort}`,
              distance: "1",
            },
            { region: "eu", url: `ws://proj-eu.livekit.cloud:${portOf(lk.url)}`, distance: "2" },
            { region: "ap", url: `ws://proj-ap.livekit.cloud:${portOf(noRedis.url)}`, distance: "3" },
            // Never followed: not a LiveKit Cloud name.
            { region: "elsewhere", url: `ws://127.0.0.1:${portOf(lk.url)}`, distance: "0" },
          ],
        }),
      );
      return;
    }
    // What a load balancer in front of a troubled region says.
    req.resume();
    res.writeHead(502, { "content-type": "text/plain" });
    res.end("bad gateway");
  });
  projectPort = await listen(project);
});

afterAll(() => new Promise((resolve) => project?.close(resolve)));

function cloudClient(endpoints: string[][]) {
  const interceptor = (next: (req: InterceptedRequest) => Promise<unknown>) => (req: InterceptedRequest) => {
    if (req.attempt === 1) endpoints.push([]);
    endpoints.at(-1)?.push(new URL(req.endpoint).hostname);
    return next(req);
  };
  return new Client({
    host: `http://proj.livekit.cloud:${projectPort}`,
    apiKey: lk.apiKey,
    apiSecret: lk.apiSecret,
    transport: cloudTransport(),
    interceptors: [interceptor as never],
  });
}

describe("LiveKit Cloud region failover", () => {
  it("a safe call fails over through the regions: the troubled host, the region that is down, then a live one", async () => {
    const endpoints: string[][] = [];
    const client = cloudClient(endpoints);
    try {
      const room = `region-${Date.now().toString(36)}`;
      const rooms = await RoomService.listRooms(client, { names: [room] });
      expect(rooms).toEqual([]);
      expect(endpoints).toEqual([["proj.livekit.cloud", "proj-us.livekit.cloud", "proj-eu.livekit.cloud"]]);
      expect(lookups).toHaveLength(1);
      expect(lookups[0]?.authorization).toMatch(/^Bearer eyJ/);

      // The region that refused is set aside: the next calls skip it; the cached list is reused.
      await RoomService.listRooms(client);
      expect(endpoints[1]).toEqual(["proj.livekit.cloud", "proj-eu.livekit.cloud"]);
      expect(lookups).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it("concurrent failovers share one regions lookup", async () => {
    const before = lookups.length;
    const client = cloudClient([]);
    try {
      await Promise.all(Array.from({ length: 16 }, () => RoomService.listRooms(client)));
      expect(lookups.length - before).toBe(1);
    } finally {
      await client.close();
    }
  });

  it("an unsafe call that reached the troubled host is not sent to another region", async () => {
    const endpoints: string[][] = [];
    const client = cloudClient(endpoints);
    try {
      const error = await RoomService.sendData(client, "any-room", "x").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TwirpError);
      expect(error).toMatchObject({ status: 502 });
      expect(endpoints).toEqual([["proj.livekit.cloud"]]);
    } finally {
      await client.close();
    }
  });

  it("a host outside livekit.cloud never looks up regions", async () => {
    const before = lookups.length;
    const client = new Client({
      host: `http://127.0.0.1:${projectPort}`,
      apiKey: lk.apiKey,
      apiSecret: lk.apiSecret,
      transport: testTransport(),
      retry: { initialDelayMs: 1 },
    });
    try {
      await expect(RoomService.listRooms(client)).rejects.toMatchObject({ status: 502 });
      expect(lookups.length).toBe(before);
    } finally {
      await client.close();
    }
  });
});
