// A minimal Twirp responder on 127.0.0.1, run as a child process so its work does not share the
// clients' event loop: every RoomService/ListRooms call gets the same three-room ListRoomsResponse,
// as protobuf or as JSON depending on the request's Content-Type (the official SDK sends JSON).
// Prints nothing; reports its port over IPC and exits when the parent disconnects.
import { createServer } from "node:http";
import { create, toBinary, toJsonString } from "@bufbuild/protobuf";
import { RoomSchema } from "@exlivekit/protocol/models";
import { ListRoomsResponseSchema } from "@exlivekit/protocol/room";

const rooms = [1, 2, 3].map((i) =>
  create(RoomSchema, {
    sid: `RM_bench${i}`,
    name: `bench-room-${i}`,
    emptyTimeout: 300,
    departureTimeout: 20,
    maxParticipants: 10,
    creationTime: 1764079200n + BigInt(i),
    creationTimeMs: 1764079200000n + BigInt(i),
    metadata: "bench",
  }),
);
const response = create(ListRoomsResponseSchema, { rooms });
const protobuf = Buffer.from(toBinary(ListRoomsResponseSchema, response));
const json = Buffer.from(toJsonString(ListRoomsResponseSchema, response));

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    if (req.method !== "POST" || !req.url.endsWith("/twirp/livekit.RoomService/ListRooms")) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"code":"bad_route","msg":"only RoomService/ListRooms is served"}');
      return;
    }
    const wantsJson = (req.headers["content-type"] ?? "").startsWith("application/json");
    const body = wantsJson ? json : protobuf;
    res.writeHead(200, {
      "content-type": wantsJson ? "application/json" : "application/protobuf",
      "content-length": body.length,
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
process.on("disconnect", () => server.close(() => process.exit(0)));
