// Every RPC whose request can make the server hold the answer (a participant's RPC handler, a ringing phone)
// must get a call deadline that outlives that wait (twirp-caller.ts, `serverWaitMs`). The list is found in the
// protocol's descriptors, so a regenerated proto that adds such a field fails here until its RPC is covered.
import type { DescService } from "@bufbuild/protobuf";
import * as protocol from "@exlivekit/protocol";
import { describe, expect, it } from "vitest";
import type { Client } from "../client.ts";
import { ConnectorService } from "./connector.ts";
import { recorder } from "./recorder.test-helper.ts";
import { RoomService } from "./room.ts";
import { SipService } from "./sip.ts";

/** Request fields that tell the server to wait before answering, or for how long. */
const WAIT_FIELDS = new Set(["response_timeout_ms", "wait_until_answered", "ringing_timeout"]);

const services = (Object.values(protocol) as unknown[]).filter(
  (value): value is DescService =>
    typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "service",
);

const sdp = { type: "offer", sdp: "v=0" } as const;
const whatsapp = { whatsappPhoneNumberId: "PN", whatsappApiKey: "wa-key", whatsappCallId: "WA", sdp };

/** Each waiting RPC, called so that the server waits `waitMs`, which the call's deadline must exceed. */
const WAITS: Record<string, { waitMs: number; call: (client: Client) => Promise<unknown> }> = {
  "livekit.RoomService/PerformRpc": {
    waitMs: 60_000,
    call: (c) => RoomService.performRpc(c, "r", "p", "m", "x", { responseTimeoutMs: 60_000 }),
  },
  "livekit.SIP/CreateSIPParticipant": {
    waitMs: 45_000,
    call: (c) =>
      SipService.createSipParticipant(c, "ST_1", "+1", "r", { waitUntilAnswered: true, ringingTimeout: 45 }),
  },
  "livekit.SIP/TransferSIPParticipant": {
    waitMs: 45_000,
    call: (c) => SipService.transferSipParticipant(c, "r", "p", "tel:+1", { ringingTimeout: 45 }),
  },
  "livekit.Connector/ConnectWhatsAppCall": {
    // No ringing timeout in this request: the server's default (70 s, as for SIP) applies.
    waitMs: 70_000,
    call: (c) => ConnectorService.connectWhatsAppCall(c, "WA", sdp, { waitUntilAnswered: true }),
  },
  "livekit.Connector/AcceptWhatsAppCall": {
    waitMs: 45_000,
    call: (c) =>
      ConnectorService.acceptWhatsAppCall(c, { ...whatsapp, waitUntilAnswered: true, ringingTimeout: 45 }),
  },
};

/** RPCs with such a field that answer at once, and why. */
const NO_WAIT: Record<string, string> = {
  // No wait_until_answered: the server answers once the call is placed, with Meta's call id; the ringing
  // timeout bounds the ringing that follows.
  "livekit.Connector/DialWhatsAppCall": "answers once the call is placed",
};

describe("server-side waits", () => {
  it("every RPC with a wait field in its request is covered", () => {
    const found = services.flatMap((s) =>
      s.methods
        .filter((m) => m.input.fields.some((f) => WAIT_FIELDS.has(f.name)))
        .map((m) => `${s.typeName}/${m.name}`),
    );
    expect(found).toContain("livekit.RoomService/PerformRpc");
    expect(found.sort()).toEqual([...Object.keys(WAITS), ...Object.keys(NO_WAIT)].sort());
  });

  for (const [rpc, { waitMs, call }] of Object.entries(WAITS)) {
    it(`${rpc}: the call's default deadline outlives the server's wait`, async () => {
      const r = recorder({ timeoutMs: 5_000 });
      await call(r.client);
      expect(r.sent[0]?.path).toBe(`/twirp/${rpc}`);
      expect(r.sent[0]?.timeoutMs).toBeGreaterThan(waitMs);
      expect(Number(r.sent[0]?.headers["x-twirp-timeout-ms"])).toBeGreaterThan(waitMs);
    });
  }
});
