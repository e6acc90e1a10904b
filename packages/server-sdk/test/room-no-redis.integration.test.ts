// RoomService also works on a server without Redis (single node, in-memory room store).
import "@exlivekit/livekit-stack/vitest";
import { afterAll, expect, inject, it } from "vitest";
import { Client, RoomService, TwirpError } from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const lk = inject("livekitNoRedis");
const client = new Client({
  host: lk.url,
  apiKey: lk.apiKey,
  apiSecret: lk.apiSecret,
  transport: testTransport(),
});
afterAll(() => client.close());

it("room lifecycle without Redis", async () => {
  expect(lk.redis).toBe(false);
  const name = `noredis-${Date.now().toString(36)}`;
  const room = await RoomService.createRoom(client, name, { metadata: "m", maxParticipants: 3 });
  expect(room).toMatchObject({ name, metadata: "m", maxParticipants: 3 });
  expect((await RoomService.listRooms(client, { names: [name] })).map((r) => r.name)).toEqual([name]);
  expect((await RoomService.updateRoomMetadata(client, name, "m2")).metadata).toBe("m2");
  expect(await RoomService.listParticipants(client, name)).toEqual([]);
  const missing = await RoomService.getParticipant(client, name, "nobody").catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(TwirpError);
  expect(missing).toMatchObject({ code: "not_found", status: 404 });
  await RoomService.deleteRoom(client, name);
  expect(await RoomService.listRooms(client, { names: [name] })).toEqual([]);
});
