// AgentDispatchService against a real livekit-server: dispatches are kept by the room (no agent worker
// needed to create, read or delete them), with or without Redis.
import "@exlivekit/livekit-stack/vitest";
import { JobRestartPolicy } from "@exlivekit/protocol/agent_dispatch";
import { afterAll, describe, expect, inject, it } from "vitest";
import { AgentDispatchService, Client, RoomService, TwirpError } from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const tag = Date.now().toString(36);

describe.each([
  ["with Redis", "livekit"],
  ["without Redis", "livekitNoRedis"],
] as const)("AgentDispatchService on a real server %s", (_mode, key) => {
  const lk = inject(key);
  const client = new Client({
    host: lk.url,
    apiKey: lk.apiKey,
    apiSecret: lk.apiSecret,
    transport: testTransport(),
  });
  const roomName = `dispatch-${key}-${tag}`;
  afterAll(async () => {
    await RoomService.deleteRoom(client, roomName).catch(() => undefined);
    await client.close();
  });

  it("creates, gets, lists and deletes a dispatch on a created room", async () => {
    await RoomService.createRoom(client, roomName, { emptyTimeout: 60 });
    const dispatch = await AgentDispatchService.createDispatch(client, roomName, "helper-agent", {
      metadata: '{"task":"greet"}',
      attributes: { lang: "en" },
      restartPolicy: JobRestartPolicy.JRP_NEVER,
    });
    expect(dispatch.id).toMatch(/^AD_/);
    expect(dispatch).toMatchObject({
      agentName: "helper-agent",
      room: roomName,
      metadata: '{"task":"greet"}',
    });

    const got = await AgentDispatchService.getDispatch(client, dispatch.id, roomName);
    expect(got.agentName).toBe("helper-agent");
    const listed = await AgentDispatchService.listDispatch(client, roomName);
    expect(listed.map((d) => d.id)).toContain(dispatch.id);

    const deleted = await AgentDispatchService.deleteDispatch(client, dispatch.id, roomName);
    expect(deleted.id).toBe(dispatch.id);
    await expect(AgentDispatchService.getDispatch(client, dispatch.id, roomName)).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await AgentDispatchService.listDispatch(client, roomName)).map((d) => d.id)).not.toContain(
      dispatch.id,
    );
  });

  it("getDispatch of an unknown id rejects not_found, like every get", async () => {
    const err = await AgentDispatchService.getDispatch(client, "AD_unknown", roomName).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TwirpError);
    expect(err).toMatchObject({ code: "not_found", status: 404 });
  });

  it("a room nobody serves answers a retryable unavailable after ~3 s", async () => {
    const once = new Client({
      host: lk.url,
      apiKey: lk.apiKey,
      apiSecret: lk.apiSecret,
      transport: testTransport(),
      retry: false,
    });
    const err = await AgentDispatchService.listDispatch(once, `${roomName}-missing`, {
      timeoutMs: 8_000,
    }).catch((e: unknown) => e);
    await once.close();
    expect(err).toBeInstanceOf(TwirpError);
    expect(err).toMatchObject({ code: "unavailable", status: 503, retryable: true });
  });
});
