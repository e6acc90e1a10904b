import { afterEach, describe, expect, it, vi } from "vitest";
import { Client, ConfigError, RoomService } from "../../server-sdk/src/index.ts";
import { startFaultServer } from "../../server-sdk/test/fault-server.ts";
import { fetchTransport } from "../src/index.ts";

afterEach(() => vi.unstubAllGlobals());

describe("fetchTransport construction", () => {
  it("explains what to do when the runtime has no fetch", () => {
    vi.stubGlobal("fetch", undefined);
    const make = () => fetchTransport();
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(/fetchTransport\(\{ fetch: yourFetch \}\)/);
    expect(make).toThrow(/@exlivekit\/transport-undici/);
  });

  it("validates the timeout", () => {
    expect(() => fetchTransport({ timeout: 0 })).toThrow(/timeout must be a positive number/);
    expect(fetchTransport({ timeout: 1234 }).timeoutMs).toBe(1234);
    expect(fetchTransport().timeoutMs).toBe(30_000);
  });

  it("uses an injected fetch, even when the global one is missing", async () => {
    const server = await startFaultServer();
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", undefined);
    const urls: string[] = [];
    const transport = fetchTransport({
      fetch: (input, init) => {
        urls.push(String(input));
        return realFetch(input, init);
      },
    });
    const client = new Client({ host: server.host("ok"), apiKey: "k", apiSecret: "s", transport });
    try {
      await expect(RoomService.listRooms(client)).resolves.toHaveLength(1);
      expect(urls).toEqual([`${server.host("ok")}/twirp/livekit.RoomService/ListRooms`]);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
