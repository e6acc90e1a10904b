// Packs every published package, installs the tarballs into a scratch project outside the workspace and
// proves that `require()`, `import()` and the type declarations work there: what users get from npm.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { create, toBinary } from "@bufbuild/protobuf";
import { mintToken } from "@exlivekit/livekit-stack";
import { CreateRoomRequestSchema } from "@exlivekit/protocol/room";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import "@exlivekit/livekit-stack/vitest";
import { runPnpm } from "../../../scripts/pnpm.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
// Every package but the private @exlivekit/internal, whose helpers each build inlines.
const packageDirs = readdirSync(join(root, "packages")).filter(
  (dir) => JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")).private !== true,
);
const packageNames = packageDirs.map((dir) => `@exlivekit/${dir}`);
const tsc = join(root, "node_modules/typescript/bin/tsc");
let scratch: string;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "exlivekit-tarballs-"));
  const tarballs = join(scratch, "tarballs");
  mkdirSync(tarballs);
  for (const dir of packageDirs) {
    // pnpm pack, as `changeset publish` does through pnpm: it turns `workspace:` ranges into versions.
    runPnpm(["pack", "--pack-destination", tarballs], { cwd: join(root, "packages", dir) });
  }
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true }));
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  expect(files).toHaveLength(packageDirs.length);
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      ...files,
      "@bufbuild/protobuf@^2.17.0",
      "@types/node@^20",
    ],
    scratch,
  );
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("the installed tarballs", () => {
  it.each(packageNames)("%s ships its LICENSE and no workspace: range", (name) => {
    const installed = join(scratch, "node_modules", name);
    expect(existsSync(join(installed, "LICENSE"))).toBe(true);
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toMatch(/^MIT License/);
    const manifest = readFileSync(join(installed, "package.json"), "utf8");
    expect(manifest).not.toContain("workspace:");
    expect(JSON.parse(manifest).license).toMatch(/^MIT( AND Apache-2\.0)?$/);
  });

  it.each(packageNames)("%s needs nothing of the unpublished @exlivekit/internal", (name) => {
    const installed = join(scratch, "node_modules", name);
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      expect(Object.keys(manifest[field] ?? {}), field).not.toContain("@exlivekit/internal");
    }
    const files = readdirSync(join(installed, "dist"), { recursive: true, withFileTypes: true });
    const mentioning = files
      .filter((file) => file.isFile())
      .map((file) => join(file.parentPath, file.name))
      .filter((path) => readFileSync(path, "utf8").includes("@exlivekit/internal"));
    expect(mentioning).toEqual([]);
  });

  it("keep LiveKit's licence and notice with the protocol", () => {
    const protocol = join(scratch, "node_modules/@exlivekit/protocol");
    expect(readFileSync(join(protocol, "LICENSE.livekit"), "utf8")).toContain("Apache License");
    expect(readFileSync(join(protocol, "NOTICE.livekit"), "utf8")).toContain("LiveKit");
  });

  it("decode a real Room from the server with both require and import", async () => {
    const { url, apiKey, apiSecret } = inject("livekit");
    const name = `tarball-${Date.now()}`;
    const response = await fetch(`${url}/twirp/livekit.RoomService/CreateRoom`, {
      method: "POST",
      headers: {
        "content-type": "application/protobuf",
        authorization: `Bearer ${mintToken(apiKey, apiSecret, { video: { roomCreate: true } }, 60)}`,
      },
      body: toBinary(CreateRoomRequestSchema, create(CreateRoomRequestSchema, { name, maxParticipants: 7 })),
    });
    expect(response.status).toBe(200);
    const hex = Buffer.from(await response.arrayBuffer()).toString("hex");
    const decode = (load: string) => `
      const [{ fromBinary }, { RoomSchema }, root] = await Promise.all([${load}("@bufbuild/protobuf"), ${load}("@exlivekit/protocol/models"), ${load}("@exlivekit/protocol")]);
      const room = fromBinary(RoomSchema, Buffer.from("${hex}", "hex"));
      console.log(JSON.stringify({ name: room.name, max: room.maxParticipants, sid: room.sid.slice(0, 3), sameSchema: root.RoomSchema === RoomSchema, createdAfter2020: room.creationTime > 1577836800n }));
    `;
    writeFileSync(join(scratch, "decode.cjs"), `(async () => {${decode("require")}})();`);
    writeFileSync(join(scratch, "decode.mjs"), decode("import"));
    const expected = { name, max: 7, sid: "RM_", sameSchema: true, createdAfter2020: true };
    expect(JSON.parse(run("node", ["decode.cjs"], scratch))).toEqual(expected);
    expect(JSON.parse(run("node", ["decode.mjs"], scratch))).toEqual(expected);
  });

  it("call the real server through both transports with require and import, naming the version in User-Agent", () => {
    const { url, apiKey, apiSecret } = inject("livekit");
    const version = JSON.parse(readFileSync(join(root, "packages/server-sdk/package.json"), "utf8")).version;
    const call = (load: string, tag: string) => `
      const { Client, RoomService } = await ${load}("@exlivekit/server-sdk");
      const { undiciTransport } = await ${load}("@exlivekit/transport-undici");
      const { fetchTransport } = await ${load}("@exlivekit/transport-fetch");
      const http = await ${load}("node:http");
      const creds = { apiKey: ${JSON.stringify(apiKey)}, apiSecret: ${JSON.stringify(apiSecret)} };
      const viaUndici = new Client({ host: ${JSON.stringify(url)}, ...creds, transport: undiciTransport() });
      const viaFetch = new Client({ host: ${JSON.stringify(url)}, ...creds, transport: fetchTransport() });
      const name = "tarball-${tag}-" + Date.now();
      const room = await RoomService.createRoom(viaUndici, name, { maxParticipants: 3 });
      const listed = await RoomService.listRooms(viaFetch, { names: [name] });
      await RoomService.deleteRoom(viaFetch, name);
      await Promise.all([viaUndici.close(), viaFetch.close()]);
      // What the installed build sends as User-Agent, seen by a responder of our own.
      let agent;
      const server = http.createServer((req, res) => {
        agent = req.headers["user-agent"];
        res.writeHead(200, { "content-type": "application/protobuf" }).end();
      });
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      const local = new Client({ host: "http://127.0.0.1:" + server.address().port, ...creds, transport: undiciTransport() });
      await RoomService.listRooms(local);
      await local.close();
      server.close();
      console.log(JSON.stringify({ created: room.name === name, max: room.maxParticipants, listed: listed.map((r) => r.name === name), agent }));
    `;
    writeFileSync(join(scratch, "call.cjs"), `(async () => {${call("require", "cjs")}})();`);
    writeFileSync(join(scratch, "call.mjs"), call("import", "esm"));
    const expected = {
      created: true,
      max: 3,
      listed: [true],
      agent: `exlivekit-server-sdk/${version} node/${process.versions.node}`,
    };
    expect(JSON.parse(run("node", ["call.cjs"], scratch))).toEqual(expected);
    expect(JSON.parse(run("node", ["call.mjs"], scratch))).toEqual(expected);
  });

  it("mint and verify a token with both require and import, byte-identically", () => {
    const mint = (load: string) => `
      const { AccessToken, verifyToken } = await ${load}("@exlivekit/token");
      const creds = { apiKey: "tarball-key", apiSecret: "a-secret-that-is-long-enough-0123456789" };
      const jwt = await new AccessToken(creds).addIdentity("alice").addGrants({ roomJoin: true, room: "r" }).toJwt();
      const claims = await verifyToken(jwt, creds);
      console.log(JSON.stringify({ sub: claims.identity, room: claims.video?.room, parts: jwt.split(".").length }));
    `;
    writeFileSync(join(scratch, "mint.cjs"), `(async () => {${mint("require")}})();`);
    writeFileSync(join(scratch, "mint.mjs"), mint("import"));
    const expected = { sub: "alice", room: "r", parts: 3 };
    expect(JSON.parse(run("node", ["mint.cjs"], scratch))).toEqual(expected);
    expect(JSON.parse(run("node", ["mint.mjs"], scratch))).toEqual(expected);
  });

  it("serve the token endpoint with both require and import, with its Node adapter beside it", () => {
    const serve = (load: string) => `
      const { createTokenEndpoint } = await ${load}("@exlivekit/token/endpoint");
      const { handleNodeRequest } = await ${load}("@exlivekit/token/node");
      const { verifyToken } = await ${load}("@exlivekit/token");
      const creds = { apiKey: "tarball-key", apiSecret: "a-secret-that-is-long-enough-0123456789" };
      const endpoint = createTokenEndpoint({ ...creds, serverUrl: "ws://127.0.0.1:7880",
        authorize: (ask) => ({ identity: "alice", grants: { roomJoin: true, room: ask.roomName } }) });
      const response = await endpoint(new Request("http://127.0.0.1/token", { method: "POST",
        headers: { "content-type": "application/json" }, body: '{"room_name":"r"}' }));
      const { participant_token } = await response.json();
      const claims = await verifyToken(participant_token, creds);
      console.log(JSON.stringify({ status: response.status, room: claims.video?.room, adapter: typeof handleNodeRequest }));
    `;
    writeFileSync(join(scratch, "serve.cjs"), `(async () => {${serve("require")}})();`);
    writeFileSync(join(scratch, "serve.mjs"), serve("import"));
    const expected = { status: 200, room: "r", adapter: "function" };
    expect(JSON.parse(run("node", ["serve.cjs"], scratch))).toEqual(expected);
    expect(JSON.parse(run("node", ["serve.mjs"], scratch))).toEqual(expected);
  });

  it.each(packageNames)("%s loads with require() and import() and exposes the same names", (name) => {
    const script = (mode: string) =>
      `const m = ${mode}; Promise.resolve(m).then((mod) => console.log(JSON.stringify(Object.keys(mod).filter((k) => k !== "default" && k !== "__esModule").sort())));`;
    writeFileSync(join(scratch, "load.cjs"), script(`require(${JSON.stringify(name)})`));
    writeFileSync(join(scratch, "load.mjs"), script(`import(${JSON.stringify(name)})`));
    const viaRequire = JSON.parse(run("node", ["load.cjs"], scratch));
    const viaImport = JSON.parse(run("node", ["load.mjs"], scratch));
    expect(viaRequire.length).toBeGreaterThan(0);
    expect(viaImport).toEqual(viaRequire);
  });

  it("let a bundler-resolved project pass a web-build receiver to the Node helper", () => {
    const source = `import type { IncomingMessage } from "node:http";
import { WebhookReceiver } from "@exlivekit/webhook";
import { receiveNodeRequest } from "@exlivekit/webhook/node";
export const handle = (req: IncomingMessage) => receiveNodeRequest(new WebhookReceiver({ apiKey: "k", apiSecret: "s" }), req);
`;
    writeFileSync(join(scratch, "bundler.ts"), source);
    const args = [
      "--noEmit",
      "--strict",
      "--module",
      "esnext",
      "--moduleResolution",
      "bundler",
      "--target",
      "es2022",
      "--types",
      "node",
    ];
    let output = "";
    try {
      run("node", [tsc, ...args, "bundler.ts"], scratch);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toBe("");
  }, 120_000);

  it("let one module take every name of protocol and server-sdk, service descriptors included", () => {
    // server-sdk's service namespaces own the plain names (RoomService); protocol's descriptors are
    // `<Service>Descriptor`, so `export *` of both is unambiguous (tsc reports TS2308 on a collision).
    const source = `export * from "@exlivekit/protocol";
export * from "@exlivekit/server-sdk";
import { AgentDispatchServiceDescriptor, PhoneNumberServiceDescriptor, RoomServiceDescriptor } from "@exlivekit/protocol";
import { EgressDescriptor } from "@exlivekit/protocol/egress";
import { AgentDispatchService, PhoneNumberService, RoomService } from "@exlivekit/server-sdk";
export const rpcs: string[] = [
  RoomServiceDescriptor.method.createRoom.name,
  AgentDispatchServiceDescriptor.method.createDispatch.name,
  PhoneNumberServiceDescriptor.typeName,
  EgressDescriptor.method.startEgress.name,
];
export const calls = [RoomService.createRoom, AgentDispatchService.createDispatch, PhoneNumberService];
`;
    writeFileSync(join(scratch, "both.mts"), source);
    writeFileSync(join(scratch, "both.cts"), source);
    const args = ["--noEmit", "--strict", "--module", "node16", "--moduleResolution", "node16"];
    let output = "";
    try {
      run("node", [tsc, ...args, "--target", "es2022", "--types", "node", "both.mts", "both.cts"], scratch);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout);
    }
    expect(output).toBe("");
  }, 120_000);

  it("resolve types for ESM and CommonJS consumers", () => {
    const uses = packageNames.map(
      (name, i) => `import * as p${i} from "${name}";\nexport const k${i}: string[] = Object.keys(p${i});`,
    );
    const typed = `import { fromBinary } from "@bufbuild/protobuf";\nimport { RoomSchema, type Room } from "@exlivekit/protocol/models";\nexport const room: Room = fromBinary(RoomSchema, new Uint8Array());\nexport const created: bigint = room.creationTime;`;
    writeFileSync(join(scratch, "types.mts"), `${uses.join("\n")}\n${typed}\n`);
    writeFileSync(join(scratch, "types.cts"), `${uses.join("\n")}\n${typed}\n`);
    const args = [
      "--noEmit",
      "--strict",
      "--module",
      "node16",
      "--moduleResolution",
      "node16",
      "--target",
      "es2022",
      "--skipLibCheck",
      "false",
      "--types",
      "node",
    ];
    const result = (() => {
      try {
        return run("node", [tsc, ...args, "types.mts", "types.cts"], scratch);
      } catch (error) {
        return String((error as { stdout?: string }).stdout);
      }
    })();
    expect(result).toBe("");
  }, 120_000);
});
