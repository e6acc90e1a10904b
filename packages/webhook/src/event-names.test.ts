import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isWebhookEventName, WEBHOOK_EVENT_NAMES } from "./event-names.ts";

// WEBHOOK_EVENT_NAMES is generated from the protocol module's Go constants; the .proto documents the same
// names in the comment of `WebhookEvent.event`, which protoc-gen-es copies into the generated message type.
// When a protocol release changes one and not the other, this fails and the list needs a look.
function namesInProtoComment(): string[] {
  const source = readFileSync(
    new URL("../../protocol/src/gen/livekit_webhook_pb.ts", import.meta.url),
    "utf8",
  );
  const doc = /\/\*\*\s*\n((?:\s*\*.*\n)*?)\s*\*\s*@generated from field: string event = 1;/.exec(source);
  if (doc === null) throw new Error("WebhookEvent.event's comment not found in livekit_webhook_pb.ts");
  const text = doc[1]!.replace(/^\s*\*/gm, " ");
  const list = /one of ([\s\S]*)/.exec(text);
  if (list === null) throw new Error(`unexpected comment on WebhookEvent.event: ${text}`);
  return list[1]!
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

describe("WEBHOOK_EVENT_NAMES", () => {
  it("are the names the pinned protocol's WebhookEvent.event comment lists, in its order", () => {
    expect(namesInProtoComment()).toEqual([...WEBHOOK_EVENT_NAMES]);
  });

  it("are recognised by isWebhookEventName, and a newer name is not", () => {
    for (const name of WEBHOOK_EVENT_NAMES) expect(isWebhookEventName(name)).toBe(true);
    expect(isWebhookEventName("room_hibernated")).toBe(false);
  });
});
