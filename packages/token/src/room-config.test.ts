import { create, type DescField, ScalarType } from "@bufbuild/protobuf";
import { JobRestartPolicy, RoomAgentDispatchSchema, RoomConfigurationSchema } from "@exlivekit/protocol";
import { describe, expect, it } from "vitest";
import { caught, creds, decodeJwt, entries } from "./test-support/entries.ts";

const [[, { AccessToken }]] = entries;

async function roomConfigOf(token: InstanceType<typeof AccessToken>): Promise<unknown> {
  return decodeJwt(await token.toJwt()).payload["roomConfig"];
}

describe("addRoomConfig", () => {
  it("emits only fields that are set to non-default values", async () => {
    const config = await roomConfigOf(
      new AccessToken(creds).addRoomConfig({
        name: "",
        emptyTimeout: 300,
        departureTimeout: 0,
        maxParticipants: 20,
        metadata: "m",
        minPlayoutDelay: 0,
        syncStreams: true,
        tags: {},
        agents: [
          { agentName: "helper", metadata: "", restartPolicy: "JRP_ON_FAILURE", attributes: { x: "y" } },
        ],
      }),
    );
    expect(config).toEqual({
      emptyTimeout: 300,
      maxParticipants: 20,
      metadata: "m",
      syncStreams: true,
      agents: [{ agentName: "helper", attributes: { x: "y" } }],
    });
  });

  it("reduces an all-default configuration to an empty object", async () => {
    const config = await roomConfigOf(new AccessToken(creds).addRoomConfig({ emptyTimeout: 0 }));
    expect(config).toEqual({});
  });

  it("rejects unknown keys and wrong types", async () => {
    const unknown = await caught(() =>
      new AccessToken(creds).addRoomConfig({ empty_timeout: 3 } as unknown as { name: string }),
    );
    expect(unknown.code).toBe("invalid_grant");
    expect(unknown.message).toContain(
      'unknown roomConfig key "empty_timeout"; valid keys: name, emptyTimeout',
    );
    const type = await caught(() => new AccessToken(creds).addRoomConfig({ maxParticipants: -1 }));
    expect(type.message).toBe(
      "roomConfig.maxParticipants must be an integer from 0 to 4294967295, got a number",
    );
    const agent = await caught(() =>
      new AccessToken(creds).addRoomConfig({ agents: [{ agent: "x" } as unknown as { agentName: string }] }),
    );
    expect(agent.message).toContain("unknown roomConfig.agents[0] key");
    const policy = await caught(() =>
      new AccessToken(creds).addRoomConfig({ agents: [{ restartPolicy: "ALWAYS" as "JRP_NEVER" }] }),
    );
    expect(policy.message).toContain("JRP_NEVER");
  });

  it("refuses egress credentials unless explicitly allowed", async () => {
    const egress = {
      room: {
        roomName: "r",
        fileOutputs: [{ filepath: "a.mp4", s3: { bucket: "b", secret: "S3SECRETVALUE" } }],
      },
    };
    const error = await caught(() => new AccessToken(creds).addRoomConfig({ egress }));
    expect(error.code).toBe("invalid_grant");
    expect(error.message).not.toContain("S3SECRETVALUE");
    const stream = await caught(() =>
      new AccessToken(creds).addRoomConfig({
        egress: { room: { streamOutputs: [{ urls: ["rtmp://x/key"] }] } },
      }),
    );
    expect(stream.code).toBe("invalid_grant");
    const allowed = await roomConfigOf(
      new AccessToken(creds).addRoomConfig({ egress }, { allowSensitiveCredentials: true }),
    );
    expect(allowed).toEqual({ egress });
    const harmless = await roomConfigOf(
      new AccessToken(creds).addRoomConfig({ egress: { tracks: { filepath: "t/{track_id}" } } }),
    );
    expect(harmless).toEqual({ egress: { tracks: { filepath: "t/{track_id}" } } });
  });

  it("an inherited name such as constructor or __proto__ is an unknown key, never silently dropped", async () => {
    for (const key of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
      const config = JSON.parse(`{"${key}": "y"}`) as never;
      expect(await caught(() => new AccessToken(creds).addRoomConfig(config))).toMatchObject({
        code: "invalid_grant",
      });
      const agent = JSON.parse(`{"agents": [{"${key}": "y"}]}`) as never;
      expect(await caught(() => new AccessToken(creds).addRoomConfig(agent))).toMatchObject({
        code: "invalid_grant",
      });
    }
  });

  it("accepts a RoomConfiguration message made with @exlivekit/protocol", async () => {
    const message = create(RoomConfigurationSchema, {
      name: "r",
      emptyTimeout: 60,
      agents: [{ agentName: "a", restartPolicy: JobRestartPolicy.JRP_NEVER }],
    });
    const config = await roomConfigOf(new AccessToken(creds).addRoomConfig(message));
    expect(config).toEqual({
      name: "r",
      emptyTimeout: 60,
      agents: [{ agentName: "a", restartPolicy: "JRP_NEVER" }],
    });
  });

  it("knows every field the protocol's RoomConfiguration and RoomAgentDispatch have", async () => {
    // A value for each scalar or map field, so a field the protocol gained and this package misses fails.
    const sample = (field: DescField): unknown => {
      if (field.fieldKind === "map") return { k: "v" };
      if (field.fieldKind === "enum") return "JRP_NEVER";
      if (field.fieldKind !== "scalar") return undefined;
      if (field.scalar === ScalarType.STRING) return "x";
      return field.scalar === ScalarType.BOOL ? true : 7;
    };
    const json = (fields: readonly DescField[]) =>
      Object.fromEntries(fields.flatMap((f) => (sample(f) === undefined ? [] : [[f.localName, sample(f)]])));
    const agent = json(RoomAgentDispatchSchema.fields);
    const config = { ...json(RoomConfigurationSchema.fields), agents: [agent] };
    const set = RoomConfigurationSchema.fields
      .filter((f) => f.localName !== "egress")
      .map((f) => f.localName);
    expect(Object.keys(config).sort()).toEqual(set.sort());
    expect(await roomConfigOf(new AccessToken(creds).addRoomConfig(config as never))).toEqual(config);
  });

  it("says exactly what to pass for a message of another type or an egress message", async () => {
    const other = { $typeName: "livekit.Room", name: "r" } as never;
    expect(await caught(() => new AccessToken(creds).addRoomConfig(other))).toMatchObject({
      code: "invalid_grant",
      message: expect.stringContaining('expected "livekit.RoomConfiguration"'),
    });
    const egress = { egress: { $typeName: "livekit.RoomEgress" } } as never;
    expect(await caught(() => new AccessToken(creds).addRoomConfig(egress))).toMatchObject({
      code: "invalid_grant",
      message: expect.stringContaining("toJson(RoomEgressSchema, egress)"),
    });
  });
});
