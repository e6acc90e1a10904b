// @ts-check
// The `authorize` every recipe runs with, in place of the README's session lookup: the cookie
// `session=ada` is the signed-in user; room "private" is refused, room "boom" makes the policy throw.

/** The text `authorize` throws for room "boom"; no answer may contain it. */
export const POLICY_SECRET = "db password is hunter2";

/** @type {import("@exlivekit/token/endpoint").TokenEndpointOptions["authorize"]} */
export const authorize = (ask, request) => {
  if (!/(?:^|;\s*)session=ada(?:;|$)/.test(request.headers.get("cookie") ?? "")) return null;
  if (ask.roomName === "private") return { deny: 403, message: "not your room" };
  if (ask.roomName === "boom") throw new Error(POLICY_SECRET);
  return {
    identity: "ada",
    name: "Ada",
    grants: { roomJoin: true, room: ask.roomName ?? "lobby", canPublish: true },
    roomConfig: ask.roomConfig,
  };
};
