// Decodes exactly what a real livekit-server sends: a Twirp JSON answer and a webhook body.
import { fromJson } from "@bufbuild/protobuf";
import { mintToken, webhookSink } from "@exlivekit/livekit-stack";
import { describe, expect, inject, it } from "vitest";
import { RoomSchema } from "../src/gen/livekit_models_pb.js";
import { WebhookEventSchema } from "../src/gen/livekit_webhook_pb.js";
import "@exlivekit/livekit-stack/vitest";

describe("what the real server sends", () => {
  it("a Twirp JSON Room: snake_case, defaults present, int64 as strings", async () => {
    const { url, apiKey, apiSecret, sinkUrl } = inject("livekit");
    const name = `proto-${Date.now()}`;
    const response = await fetch(`${url}/twirp/livekit.RoomService/CreateRoom`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${mintToken(apiKey, apiSecret, { video: { roomCreate: true } }, 60)}`,
      },
      body: JSON.stringify({ name, empty_timeout: 120, metadata: "" }),
    });
    expect(response.status).toBe(200);
    const json = (await response.json()) as Record<string, unknown>;
    expect(typeof json["creation_time"]).toBe("string");
    expect(json).toHaveProperty("num_participants", 0);
    const room = fromJson(RoomSchema, json as never, { ignoreUnknownFields: true });
    expect(room.name).toBe(name);
    expect(room.emptyTimeout).toBe(120);
    expect(room.creationTime).toBe(BigInt(json["creation_time"] as string));

    const delivery = await webhookSink(sinkUrl).waitFor({ event: "room_started", room: name }, 10_000);
    const text = new TextDecoder().decode(delivery.body);
    expect(text).toContain('"room":{');
    expect(text).not.toContain("num_participants");
    const event = fromJson(WebhookEventSchema, JSON.parse(text), { ignoreUnknownFields: true });
    expect(event.event).toBe("room_started");
    expect(event.room?.name).toBe(name);
    expect(event.createdAt).toBeGreaterThan(0n);
  });
});
