// @ts-check
// The app's token policy: who may join which room, as whom, with which agents. This is the part to make
// your own; the endpoint copies nothing from the client's ask into a token unless this returns it.

/** @typedef {import("@exlivekit/token/endpoint").TokenSourceRequest} TokenSourceRequest */
/** @typedef {import("@exlivekit/token/endpoint").AuthorizeResult} AuthorizeResult */

const ROOM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * @param {object} options
 * @param {(request: Request) => { id: string } | undefined} options.userOf the signed-in user of a request
 * @param {readonly string[]} options.agents agent names a user may dispatch into a room
 * @returns {(ask: TokenSourceRequest, request: Request) => AuthorizeResult}
 */
export function createPolicy({ userOf, agents }) {
  return (ask, request) => {
    const user = userOf(request);
    if (user === undefined) return null; // 401: no session
    const room = ask.roomName ?? "lobby";
    if (!ROOM_NAME.test(room)) return { deny: 403, message: "room names are 1-64 letters, digits, - or _" };
    const wanted = ask.roomConfig?.agents ?? [];
    if (wanted.some((agent) => !agents.includes(agent.agentName ?? ""))) {
      return { deny: 403, message: `agents you may dispatch: ${agents.join(", ") || "none"}` };
    }
    return {
      identity: user.id, // from the session, never from the ask
      name: (ask.participantName ?? user.id).slice(0, 64),
      grants: { roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true },
      // Only the agent fields this app allows; the rest of the asked room configuration is ignored.
      roomConfig:
        wanted.length === 0
          ? undefined
          : {
              agents: wanted.map((agent) => ({
                agentName: agent.agentName ?? "",
                metadata: (agent.metadata ?? "").slice(0, 1024),
              })),
            },
      ttl: "10m",
    };
  };
}
