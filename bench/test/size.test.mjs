// Size checks: what a browser or edge app ships for rooms and webhooks, against the official SDK bundled
// the same way in the same run (bench/suites/bundle.mjs), and a Client that carries no service.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bundle, entries, gzippedSize } from "../suites/bundle.mjs";

// Ratios to livekit-server-sdk: the goals of issue #16 (0.8x for rooms, 0.7x for webhooks).
const BUDGETS = { "bundle.room": 0.8, "bundle.webhook": 0.7 };

describe("bundle sizes against the official SDK", () => {
  for (const [key, budget] of Object.entries(BUDGETS)) {
    it(`${key} is at most ${budget}x livekit-server-sdk's, min+gzip`, async () => {
      const ours = await gzippedSize(entries[key].ours);
      const official = await gzippedSize(entries[key].official);
      console.info(`${key}: ours ${ours.bytes} B, official ${official.bytes} B gzip`);
      expect(ours.fallback).toBeNull();
      expect(ours.bytes).toBeLessThanOrEqual(Math.floor(official.bytes * budget));
    });
  }
});

describe("what a bundle keeps", () => {
  const messagesIn = (code) => new Set(new TextDecoder().decode(code).match(/"livekit\.[A-Za-z_.]+"/g) ?? []);

  it("Client alone carries no codec, message or protobuf runtime", async () => {
    const { code, metafile } = await bundle(
      'export { Client } from "@exlivekit/server-sdk";',
      "browser",
      [],
      true,
    );
    // Inputs that put bytes in the output (the metafile also lists what tree shaking dropped).
    const inputs = Object.values(metafile.outputs).flatMap((out) =>
      Object.entries(out.inputs).flatMap(([path, { bytesInOutput }]) => (bytesInOutput > 0 ? [path] : [])),
    );
    expect(
      inputs.filter((path) => path.includes("@bufbuild") || path.includes("packages/protocol/")),
    ).toEqual([]);
    // server-sdk's build carries the codecs it uses in its own modules: no message type name may be left.
    expect([...messagesIn(code)]).toEqual([]);
    console.info(`Client alone: ${gzipSync(code, { level: 9 }).length} B gzip`);
  });

  it("RoomService carries the room messages and no other service's", async () => {
    const { code } = await bundle(entries["bundle.room"].ours, "browser", [], true);
    const names = messagesIn(code);
    expect(names).toContain('"livekit.RoomService"');
    expect(names).toContain('"livekit.ListRoomsResponse"');
    // Neither another service's messages nor its name (each service carries its own retry classes).
    for (const other of [
      "livekit.IngressInfo",
      "livekit.SIPInboundTrunkInfo",
      "livekit.AgentDispatch",
      "livekit.SIP",
      "livekit.Egress",
      "livekit.CloudAgent",
    ]) {
      expect(names, other).not.toContain(`"${other}"`);
    }
  });
});
