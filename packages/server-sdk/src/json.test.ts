import { create } from "@bufbuild/protobuf";
import { RoomSchema } from "@exlivekit/protocol/models";
import { expect, it } from "vitest";
import { toPlainJson } from "./json.ts";

it("toPlainJson makes bigint fields JSON-safe", () => {
  const room = create(RoomSchema, { name: "r", creationTime: 1700000000n, maxParticipants: 5 });
  expect(() => JSON.stringify(room)).toThrow(/BigInt/);
  expect(JSON.parse(JSON.stringify(toPlainJson(RoomSchema, room)))).toEqual({
    name: "r",
    creationTime: "1700000000",
    maxParticipants: 5,
  });
});
