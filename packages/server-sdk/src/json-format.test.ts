import { create, toJson } from "@bufbuild/protobuf";
import { CreateRoomRequestSchema } from "@exlivekit/protocol/room";
import { CreateSIPInboundTrunkRequestSchema } from "@exlivekit/protocol/sip";
import { RoomServiceWire } from "@exlivekit/protocol/wire/room";
import { SIPWire } from "@exlivekit/protocol/wire/sip";
import { expect, it } from "vitest";
import { jsonFormat } from "./json-format.ts";
import { ROOM_SERVICE, SIP } from "./retry-classes.ts";
import { serviceRpc } from "./twirp-caller.ts";

const text = new TextDecoder();

// Services hand the format init objects, not full messages: absent fields (a Duration's nanos too) are zero.
it("writes an init object as toJson writes the message create() makes of it", () => {
  const cases = [
    {
      rpc: serviceRpc(SIPWire, "createSIPInboundTrunk", SIP),
      schema: CreateSIPInboundTrunkRequestSchema,
      init: { trunk: { name: "t", numbers: ["+1"], maxCallDuration: { seconds: 30n }, ringingTimeout: {} } },
    },
    {
      rpc: serviceRpc(RoomServiceWire, "createRoom", ROOM_SERVICE),
      schema: CreateRoomRequestSchema,
      init: { name: "r", emptyTimeout: 5, tags: { a: "b" }, egress: { room: { roomName: "r" } } },
    },
  ];
  for (const { rpc, schema, init } of cases) {
    const written = JSON.parse(text.decode(jsonFormat.encode(rpc, init)));
    expect(written).toEqual(toJson(schema, create(schema, init as never)));
  }
});
