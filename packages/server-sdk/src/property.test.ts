// fast-check properties of the Twirp response path: whatever a server, proxy or network hands back, a
// call resolves with a decoded message or rejects with a typed LiveKitError, and nothing it sends can
// reach Object.prototype. Fixed seed: the same inputs on every run and in CI.
import { create, toBinary } from "@bufbuild/protobuf";
import { RoomSchema } from "@exlivekit/protocol/models";
import { ListRoomsResponseSchema } from "@exlivekit/protocol/room";
import { RoomServiceWire } from "@exlivekit/protocol/wire/room";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Client } from "./client.ts";
import { LiveKitError, MalformedResponseError, TwirpError } from "./errors.ts";
import { jsonFormat } from "./json-format.ts";
import { ROOM_SERVICE } from "./retry-classes.ts";
import { RoomService } from "./services/room.ts";
import type { TransportResponse } from "./transport.ts";
import { serviceRpc } from "./twirp-caller.ts";
import { decodeMessage, errorFromResponse, protobufFormat } from "./twirp-codec.ts";

const listRooms = serviceRpc(RoomServiceWire, "listRooms", ROOM_SERVICE);

fc.configureGlobal({ seed: 1414, numRuns: 400 });

const opts = { host: "http://127.0.0.1:1", apiKey: "key", apiSecret: "secret-secret-secret-secret-secret-1" };
const enc = new TextEncoder();
const VALID = toBinary(
  ListRoomsResponseSchema,
  create(ListRoomsResponseSchema, {
    rooms: [create(RoomSchema, { name: "r1", sid: "RM_1", metadata: "m", creationTime: 1700000000n })],
  }),
);
const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
const PROTOTYPE = prototypeNames();

/** JSON texts that try to reach Object.prototype through an error body or a JSON response. */
const pollution = fc.constantFrom(
  '{"code":"internal","msg":"x","meta":{"__proto__":{"polluted":"yes"}}}',
  '{"__proto__":{"polluted":"yes"},"code":"internal","msg":"x"}',
  '{"code":"internal","msg":"x","meta":{"constructor":{"prototype":{"polluted":"yes"}}}}',
  '{"rooms":[{"name":"r","__proto__":{"polluted":"yes"}}],"__proto__":{"polluted":"yes"}}',
  '{"rooms":[],"constructor":{"prototype":{"polluted":"yes"}}}',
);

const anyBody = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.json().map((text) => enc.encode(text)),
  fc.string().map((text) => enc.encode(text)),
  pollution.map((text) => enc.encode(text)),
  // A genuine response with a few bytes changed, cut or appended.
  fc
    .tuple(
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      fc.nat({ max: VALID.length }),
      fc.uint8Array({ maxLength: 8 }),
    )
    .map(([at, delta, cut, tail]) => {
      const bytes = VALID.slice(0, cut);
      if (bytes.length > 0) bytes[at % bytes.length] = ((bytes[at % bytes.length] ?? 0) + delta) & 0xff;
      return new Uint8Array([...bytes, ...tail]);
    }),
);

const anyResponse = fc.record({
  status: fc.oneof(fc.constant(200), fc.integer({ min: 100, max: 599 })),
  headers: fc.record(
    {
      "content-type": fc.oneof(
        fc.constantFrom("application/protobuf", "application/json", "text/html", "application/protobuf; x"),
        fc.string(),
      ),
      "retry-after": fc.oneof(fc.string(), fc.nat().map(String)),
    },
    { requiredKeys: [] },
  ),
  body: anyBody,
}) as fc.Arbitrary<TransportResponse>;

describe("Twirp response decoding under random and damaged input", () => {
  it("decodeMessage returns a message or throws MalformedResponseError, nothing else", () => {
    fc.assert(
      fc.property(
        anyBody,
        fc.constantFrom("protobuf", "json") as fc.Arbitrary<"protobuf" | "json">,
        (body, format) => {
          const response = {
            status: 200,
            headers: { "content-type": format === "json" ? "application/json" : "application/protobuf" },
            body,
          };
          try {
            const codec = format === "json" ? jsonFormat : protobufFormat;
            const message = decodeMessage(listRooms, response, codec) as { $typeName: string };
            expect(message.$typeName).toBe("livekit.ListRoomsResponse");
          } catch (error) {
            expect(error).toBeInstanceOf(MalformedResponseError);
          }
        },
      ),
    );
    expect(prototypeNames()).toEqual(PROTOTYPE);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("errorFromResponse never throws and always gives a TwirpError with the real status", () => {
    fc.assert(
      fc.property(anyResponse, (response) => {
        const error = errorFromResponse(response, "rpc");
        expect(error).toBeInstanceOf(TwirpError);
        expect(error.status).toBe(response.status);
        expect(error.msg.length).toBeLessThanOrEqual(501);
        expect(Object.keys(error.meta).length).toBeLessThanOrEqual(32);
      }),
    );
    expect(prototypeNames()).toEqual(PROTOTYPE);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a whole call resolves or rejects with a typed LiveKitError, in both formats", async () => {
    await fc.assert(
      fc.asyncProperty(anyResponse, fc.boolean(), async (response, json) => {
        const client = new Client({
          ...opts,
          format: json ? jsonFormat : "protobuf",
          retry: false,
          transport: { request: async () => response },
        });
        try {
          await RoomService.listRooms(client);
          expect(response.status).toBe(200);
        } catch (error) {
          expect(error).toBeInstanceOf(LiveKitError);
          expect(`${(error as Error).message}`).not.toContain(opts.apiSecret);
        }
      }),
    );
    expect(prototypeNames()).toEqual(PROTOTYPE);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
