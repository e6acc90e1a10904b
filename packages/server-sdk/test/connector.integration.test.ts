// ConnectorService is LiveKit Cloud only: the open-source livekit-server has no such Twirp service.
// The mock covers its happy paths (services-mock.integration.test.ts); here, what a self-hosted user sees.
import "@exlivekit/livekit-stack/vitest";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Client, ConnectorService, TwirpError } from "../src/index.ts";
import { testTransport } from "./test-transport.ts";

const lk = inject("livekit");
const client = new Client({
  host: lk.url,
  apiKey: lk.apiKey,
  apiSecret: lk.apiSecret,
  transport: testTransport(),
});
afterAll(() => client.close());

describe("ConnectorService on the open-source server", () => {
  it("is a typed bad_route 404", async () => {
    const err = await ConnectorService.connectTwilioCall(client, { roomName: "r" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwirpError);
    expect(err).toMatchObject({ code: "bad_route", status: 404 });
  });
});
