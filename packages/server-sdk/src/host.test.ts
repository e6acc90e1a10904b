import { describe, expect, it } from "vitest";
import { normalizeHost } from "./host.ts";

describe("normalizeHost", () => {
  it.each([
    ["http://127.0.0.1:7880", "http://127.0.0.1:7880"],
    ["http://127.0.0.1:7880/", "http://127.0.0.1:7880"],
    ["ws://127.0.0.1:7880", "http://127.0.0.1:7880"],
    ["wss://x.livekit.cloud/", "https://x.livekit.cloud"],
    ["https://proxy.example/livekit/", "https://proxy.example/livekit"],
    ["https://proxy.example/a/b//", "https://proxy.example/a/b"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  it.each(["ftp://x", "not a url", "", "http://x/?a=1"])("rejects %j with a typed error", (input) => {
    expect(() => normalizeHost(input)).toThrow(expect.objectContaining({ code: "invalid_config" }));
  });
});
