import { IngressInput } from "@exlivekit/protocol/ingress";
import { DataPacket_Kind } from "@exlivekit/protocol/models";
import { expect, it } from "vitest";
import { RTMP_INPUT, URL_INPUT, WHIP_INPUT } from "./ingress.ts";
import { LOSSY, RELIABLE } from "./room.ts";

it("the services' enum numbers are the protocol's", () => {
  expect([RTMP_INPUT, WHIP_INPUT, URL_INPUT]).toEqual([
    IngressInput.RTMP_INPUT,
    IngressInput.WHIP_INPUT,
    IngressInput.URL_INPUT,
  ]);
  expect([RELIABLE, LOSSY]).toEqual([DataPacket_Kind.RELIABLE, DataPacket_Kind.LOSSY]);
});
