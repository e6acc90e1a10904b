import {
  ConnectTwilioCallRequest_TwilioCallDirection,
  ConnectTwilioCallRequestSchema,
} from "@exlivekit/protocol/connector_twilio";
import {
  AcceptWhatsAppCallRequestSchema,
  ConnectWhatsAppCallRequestSchema,
  DialWhatsAppCallRequestSchema,
  DisconnectWhatsAppCallRequest_DisconnectReason,
  DisconnectWhatsAppCallRequestSchema,
} from "@exlivekit/protocol/connector_whatsapp";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { ConnectorService } from "./connector.ts";
import { recorder } from "./recorder.test-helper.ts";

const whatsapp = { whatsappPhoneNumberId: "PN", whatsappApiKey: "wa-key" };

describe("ConnectorService request shaping", () => {
  it("sends each call with roomCreate only", async () => {
    const r = recorder();
    await ConnectorService.dialWhatsAppCall(r.client, {
      ...whatsapp,
      whatsappToPhoneNumber: "+15550100",
      roomName: "room",
      agents: [{ agentName: "bot" }],
      ringingTimeout: 25,
    });
    const dial = r.last(DialWhatsAppCallRequestSchema);
    expect(dial.$recorded.path).toBe("/twirp/livekit.Connector/DialWhatsAppCall");
    expect(dial).toMatchObject({ whatsappToPhoneNumber: "+15550100", roomName: "room" });
    expect(dial.agents[0]?.agentName).toBe("bot");
    expect(dial.ringingTimeout?.seconds).toBe(25n);

    await ConnectorService.disconnectWhatsAppCall(r.client, "WA_1", "wa-key", {
      disconnectReason: DisconnectWhatsAppCallRequest_DisconnectReason.USER_INITIATED,
    });
    expect(r.last(DisconnectWhatsAppCallRequestSchema)).toMatchObject({
      whatsappCallId: "WA_1",
      disconnectReason: 1,
    });

    await ConnectorService.connectWhatsAppCall(
      r.client,
      "WA_1",
      { type: "answer", sdp: "v=0" },
      { waitUntilAnswered: true },
    );
    expect(r.last(ConnectWhatsAppCallRequestSchema)).toMatchObject({
      whatsappCallId: "WA_1",
      sdp: { type: "answer", sdp: "v=0" },
    });

    await ConnectorService.acceptWhatsAppCall(r.client, {
      ...whatsapp,
      whatsappCallId: "WA_2",
      sdp: { type: "offer", sdp: "v=0" },
    });
    expect(r.last(AcceptWhatsAppCallRequestSchema).whatsappCallId).toBe("WA_2");

    await ConnectorService.connectTwilioCall(r.client, {
      twilioCallDirection: ConnectTwilioCallRequest_TwilioCallDirection.OUTBOUND,
      roomName: "room",
    });
    expect(r.last(ConnectTwilioCallRequestSchema)).toMatchObject({
      roomName: "room",
      twilioCallDirection: 1,
    });
    for (const s of r.sent) expect(s.claims.video).toEqual({ roomCreate: true });
  });

  it("rejects missing required fields without echoing the API key", async () => {
    const r = recorder();
    const err = await ConnectorService.dialWhatsAppCall(r.client, {
      ...whatsapp,
      whatsappToPhoneNumber: "",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).argument).toBe("whatsappToPhoneNumber");
    expect(String((err as Error).message)).not.toContain("wa-key");
    const bad = [
      ConnectorService.dialWhatsAppCall(r.client, undefined as never),
      ConnectorService.acceptWhatsAppCall(r.client, { ...whatsapp, whatsappCallId: "WA" }),
      ConnectorService.connectWhatsAppCall(r.client, "", { sdp: "" }),
      ConnectorService.connectWhatsAppCall(r.client, "WA", undefined as never),
      ConnectorService.disconnectWhatsAppCall(r.client, "WA", ""),
    ];
    for (const call of bad) await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(r.sent).toHaveLength(0);
  });
});
