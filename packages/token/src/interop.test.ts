import { AccessToken as OfficialAccessToken, TokenVerifier } from "livekit-server-sdk";
import { describe, expect, it } from "vitest";
import { creds, decodeJwt, entries } from "./test-support/entries.ts";

// livekit-server-sdk is the official Node SDK (a dev dependency only): tokens must cross in both directions.
describe.each(entries)(
  "interop with livekit-server-sdk (%s entry)",
  (_name, { AccessToken, verifyToken }) => {
    it("our tokens verify with its TokenVerifier, with identical claims", async () => {
      const jwt = await new AccessToken(creds)
        .addIdentity("user123")
        .addName("John Doe")
        .addMetadata('{"plan":"pro"}')
        .addAttributes({ role: "host" })
        .addKind("agent")
        .addGrants({
          roomJoin: true,
          room: "my-room",
          canPublish: true,
          canPublishSources: ["camera", "microphone"],
        })
        .addSipGrants({ admin: true, call: true })
        .addInferenceGrants({ perform: true })
        .addObservabilityGrants({ write: true })
        .addRoomConfig({ maxParticipants: 4, agents: [{ agentName: "helper" }] })
        .addRoomPreset("preset")
        .toJwt();
      const theirs = await new TokenVerifier(creds.apiKey, creds.apiSecret).verify(jwt);
      expect(theirs).toEqual(decodeJwt(jwt).payload);
      expect(theirs).toMatchObject({
        sub: "user123",
        iss: creds.apiKey,
        video: { roomJoin: true, room: "my-room", canPublishSources: ["camera", "microphone"] },
        sip: { admin: true, call: true },
        roomConfig: { maxParticipants: 4, agents: [{ agentName: "helper" }] },
      });
    });

    it("its tokens verify with ours, with identical claims", async () => {
      const token = new OfficialAccessToken(creds.apiKey, creds.apiSecret, {
        identity: "user456",
        name: "Jane",
        metadata: "md",
        attributes: { a: "b" },
        ttl: "10m",
      });
      token.addGrant({ roomJoin: true, room: "their-room", canSubscribe: true, canUpdateOwnMetadata: true });
      token.addSIPGrant({ call: true });
      token.addInferenceGrant({ perform: true });
      token.addObservabilityGrant({ write: true });
      token.kind = "sip";
      token.sha256 = "c2hh";
      const jwt = await token.toJwt();
      const claims = await verifyToken(jwt, creds);
      expect(claims.payload).toEqual(await new TokenVerifier(creds.apiKey, creds.apiSecret).verify(jwt));
      expect(claims).toMatchObject({
        identity: "user456",
        apiKey: creds.apiKey,
        name: "Jane",
        metadata: "md",
        attributes: { a: "b" },
        kind: "sip",
        sha256: "c2hh",
        video: { roomJoin: true, room: "their-room", canSubscribe: true, canUpdateOwnMetadata: true },
        sip: { call: true },
        inference: { perform: true },
        observability: { write: true },
      });
      expect(claims.expiresAt - claims.notBefore!).toBe(600);
    });

    it("refuses its tokens signed with another secret", async () => {
      const jwt = await new OfficialAccessToken(creds.apiKey, "another-secret-another-secret-xx").toJwt();
      await expect(verifyToken(jwt, creds)).rejects.toMatchObject({ code: "bad_signature" });
    });
  },
);
