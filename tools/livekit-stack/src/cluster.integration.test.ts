import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive, twirp, uniqueRoom } from "../test/raw-twirp.ts";
import { isTcpPortInUse, isUdpPortInUse } from "./free-port.js";
import { type Stack, startStack, webhookSink } from "./index.js";
import { releasePorts, tryReservePort } from "./reserved-ports.js";

describe("startStack({ nodes: 2 })", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ redis: true, nodes: 2 });
  }, 60_000);
  afterAll(() => stack?.stop());

  it("runs two nodes on their own ports, with distinct ids, behind one Redis and one sink", () => {
    const [a, b] = stack.nodes;
    expect(stack.nodes).toHaveLength(2);
    expect(a?.url).toBe(stack.url);
    expect(new Set([a?.port, b?.port, a?.tcpPort, b?.tcpPort]).size).toBe(4);
    expect(a?.udpPort).not.toBe(b?.udpPort);
    expect(a?.nodeId).toMatch(/^ND_/);
    expect(b?.nodeId).toMatch(/^ND_/);
    expect(a?.nodeId).not.toBe(b?.nodeId);
    expect(stack.pids).toHaveLength(3);
  });

  it("is one cluster: a room pinned to each node is seen through the other, and both nodes post webhooks", async () => {
    const [a, b] = stack.nodes as [Stack["nodes"][0], Stack["nodes"][0]];
    const onA = uniqueRoom("on-a");
    const onB = uniqueRoom("on-b");
    expect(
      (
        await twirp(
          { ...stack, url: b.url },
          "CreateRoom",
          { name: onA, node_id: a.nodeId },
          { roomCreate: true },
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await twirp(
          { ...stack, url: a.url },
          "CreateRoom",
          { name: onB, node_id: b.nodeId },
          { roomCreate: true },
        )
      ).status,
    ).toBe(200);
    for (const node of [a, b]) {
      const listed = await twirp(
        { ...stack, url: node.url },
        "ListRooms",
        { names: [onA, onB] },
        { roomList: true },
      );
      expect((listed.json["rooms"] as Array<{ name: string }>).map((room) => room.name).sort()).toEqual(
        [onA, onB].sort(),
      );
    }
    // room_started comes from the node that hosts the room.
    const sink = webhookSink(stack.sinkUrl);
    expect((await sink.waitFor({ event: "room_started", room: onA }, 10_000)).path).toBe("/hook?node=1");
    expect((await sink.waitFor({ event: "room_started", room: onB }, 10_000)).path).toBe("/hook?node=2");
  });

  it("kills a node like a crash and restarts it on the same ports", async () => {
    const a = stack.nodes[0] as Stack["nodes"][0];
    const { pid, nodeId, port, tcpPort, udpPort } = a;
    await a.kill();
    expect(isAlive(pid)).toBe(false);
    expect(await isTcpPortInUse(port)).toBe(false);
    await expect(fetch(`${a.url}/`)).rejects.toThrow();
    // While it is down its ports stay claimed: no other test run on this machine picks them.
    for (const held of [port, tcpPort, udpPort]) expect(tryReservePort(held), `port ${held}`).toBe(false);

    // Something binds the HTTP port for a moment: the restart waits it out instead of failing.
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(port, "127.0.0.1", resolve));
    const restarted = a.restart();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await new Promise((resolve) => squatter.close(resolve));
    await restarted;
    expect(a.pid).not.toBe(pid);
    expect(a.nodeId).toMatch(/^ND_/);
    expect(a.nodeId).not.toBe(nodeId);
    expect([a.port, a.tcpPort, a.udpPort]).toEqual([port, tcpPort, udpPort]);
    expect((await fetch(`${a.url}/`)).status).toBe(200);
    const room = uniqueRoom("after-restart");
    expect(
      (await twirp(stack, "CreateRoom", { name: room, node_id: a.nodeId }, { roomCreate: true })).status,
    ).toBe(200);
    const fromB = await twirp(
      { ...stack, url: stack.nodes[1]?.url ?? "" },
      "ListRooms",
      { names: [room] },
      { roomList: true },
    );
    expect(fromB.json["rooms"]).toHaveLength(1);
  }, 60_000);

  it("stops every node, Redis and the sink", async () => {
    const ports = [...stack.ports];
    const pids = stack.pids;
    await stack.stop();
    for (const pid of pids) expect(isAlive(pid), `pid ${pid}`).toBe(false);
    for (const port of ports) expect(await isTcpPortInUse(port), `TCP port ${port}`).toBe(false);
    for (const port of stack.udpPorts) expect(await isUdpPortInUse(port), `UDP port ${port}`).toBe(false);
    // And gives its nodes' ports back.
    for (const node of stack.nodes) {
      for (const port of [node.port, node.tcpPort, node.udpPort]) {
        expect(tryReservePort(port), `port ${port}`).toBe(true);
        releasePorts([port]);
      }
    }
  }, 30_000);

  it("refuses several nodes without Redis", async () => {
    await expect(startStack({ redis: false, nodes: 2 })).rejects.toThrow(/redis: true/);
  });
});
