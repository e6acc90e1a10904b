// @ts-check
// A backend's LiveKit code. Nothing here knows which transport carries the calls: the Client gets one
// from the caller (see main.mjs), and every call, result and error is the same with either.
import { Client, RoomService, TwirpError } from "@exlivekit/server-sdk";

/** @typedef {import("@exlivekit/server-sdk").Transport} Transport */

/**
 * @param {{ transport: Transport, host?: string, apiKey?: string, apiSecret?: string }} options
 *   host and credentials default to LIVEKIT_URL / LIVEKIT_API_KEY / LIVEKIT_API_SECRET
 */
export function createBackend(options) {
  const client = new Client(options);

  /**
   * Opens a room for an event, shows what the server reports, then closes it.
   * @param {string} room
   */
  async function runEvent(room) {
    const created = await RoomService.createRoom(client, room, { maxParticipants: 8, emptyTimeout: 120 });
    const updated = await RoomService.updateRoomMetadata(client, room, JSON.stringify({ topic: "standup" }));
    const listed = await RoomService.listRooms(client, { names: [room] });
    const participants = await RoomService.listParticipants(client, room);
    const missing = await RoomService.getParticipant(client, room, "nobody").then(
      () => "found",
      (error) => (error instanceof TwirpError ? { code: error.code, status: error.status } : "unexpected"),
    );
    await RoomService.deleteRoom(client, room);
    const afterDelete = await RoomService.listRooms(client, { names: [room] });
    return {
      created: {
        name: created.name,
        maxParticipants: created.maxParticipants,
        emptyTimeout: created.emptyTimeout,
      },
      metadata: updated.metadata,
      listed: listed.map((r) => ({ name: r.name, metadata: r.metadata, numParticipants: r.numParticipants })),
      participants: participants.map((p) => p.identity),
      missingParticipant: missing,
      afterDelete: afterDelete.length,
    };
  }

  return { runEvent, close: () => client.close() };
}
