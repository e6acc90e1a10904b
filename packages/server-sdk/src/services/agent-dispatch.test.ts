import {
  CreateAgentDispatchRequestSchema,
  DeleteAgentDispatchRequestSchema,
  JobRestartPolicy,
  ListAgentDispatchRequestSchema,
} from "@exlivekit/protocol/agent_dispatch";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.ts";
import { AgentDispatchService } from "./agent-dispatch.ts";
import { recorder } from "./recorder.test-helper.ts";

describe("AgentDispatchService request shaping", () => {
  it("sends each call with roomAdmin on the room", async () => {
    const r = recorder();
    await AgentDispatchService.createDispatch(r.client, "room", "assistant", {
      metadata: "{}",
      attributes: { a: "1" },
      restartPolicy: JobRestartPolicy.JRP_NEVER,
      deployment: "prod",
    });
    const create = r.last(CreateAgentDispatchRequestSchema);
    expect(create.$recorded.path).toBe("/twirp/livekit.AgentDispatchService/CreateDispatch");
    expect(create).toMatchObject({
      room: "room",
      agentName: "assistant",
      metadata: "{}",
      attributes: { a: "1" },
      restartPolicy: JobRestartPolicy.JRP_NEVER,
      deployment: "prod",
    });
    expect(await AgentDispatchService.listDispatch(r.client, "room")).toEqual([]);
    expect(r.last(ListAgentDispatchRequestSchema)).toMatchObject({ room: "room", dispatchId: "" });
    await expect(AgentDispatchService.getDispatch(r.client, "AD_1", "room")).rejects.toMatchObject({
      code: "not_found",
      status: 404,
    });
    expect(r.last(ListAgentDispatchRequestSchema)).toMatchObject({ room: "room", dispatchId: "AD_1" });
    await AgentDispatchService.deleteDispatch(r.client, "AD_1", "room");
    expect(r.last(DeleteAgentDispatchRequestSchema)).toMatchObject({ room: "room", dispatchId: "AD_1" });
    for (const s of r.sent) expect(s.claims.video).toEqual({ roomAdmin: true, room: "room" });
  });

  it("rejects bad input before sending anything", async () => {
    const r = recorder();
    const bad = [
      AgentDispatchService.createDispatch(r.client, "", "a"),
      AgentDispatchService.createDispatch(r.client, "room", ""),
      AgentDispatchService.createDispatch(r.client, "room", "a", { metadata: 1 as never }),
      AgentDispatchService.deleteDispatch(r.client, "AD", ""),
      AgentDispatchService.getDispatch(r.client, "", "room"),
      AgentDispatchService.listDispatch(r.client, ""),
    ];
    for (const call of bad) await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(r.sent).toHaveLength(0);
  });
});
