// app/api/livekit/token/route.ts: POST { identity, room } -> { token }. Credentials come from
// LIVEKIT_API_KEY / LIVEKIT_API_SECRET. Works in the Node and the Edge runtime.
import { AccessToken, isTokenError } from "@exlivekit/token";

export async function POST(request: Request): Promise<Response> {
  // Authenticate your user here (session, cookie, ...) before handing out a token.
  const body = (await request.json().catch(() => undefined)) as
    | { identity?: unknown; room?: unknown }
    | undefined;
  const identity = body?.identity;
  const room = body?.room;
  if (typeof identity !== "string" || identity === "" || typeof room !== "string" || room === "") {
    return Response.json({ error: "identity and room are required strings" }, { status: 400 });
  }
  try {
    const token = await new AccessToken()
      .addIdentity(identity)
      .addTtl("10m")
      .addGrants({ roomJoin: true, room, canPublish: true, canSubscribe: true })
      .toJwt();
    return Response.json({ token });
  } catch (error) {
    // e.g. missing_credentials: a server misconfiguration, not the caller's fault.
    if (isTokenError(error)) return Response.json({ error: error.code }, { status: 500 });
    throw error;
  }
}
