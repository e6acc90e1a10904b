import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { codecEntries, generatedEntries, packageExports } from "../subpaths.mjs";
import tsupConfig from "../tsup.config.ts";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const indexSource = readFileSync(new URL("../src/index.ts", import.meta.url), "utf8");
const generated = generatedEntries();

describe("package exports", () => {
  it("offer one subpath per generated file, each built by tsup", () => {
    const entries = (tsupConfig as { entry: Record<string, string> }).entry;
    expect(packageJson.exports).toEqual(packageExports());
    const patterns = ["./wire/*", "./json/*"];
    const subpaths = Object.keys(packageJson.exports).filter(
      (k) => k !== "." && k !== "./package.json" && !patterns.includes(k),
    );
    expect(subpaths.map((s) => s.slice(2))).toEqual(Object.keys(generated));
    for (const [name, file] of Object.entries(generated)) expect(entries[name]).toBe(file);
    expect(packageJson.exports["./models"].import.default).toBe("./dist/models.js");
    expect(packageJson.exports["./agent/agent_session"].require.types).toBe(
      "./dist/agent/agent_session.d.cts",
    );
  });

  it("offer the codecs under wire/ and json/, one tsup entry per codec file", () => {
    const entries = (tsupConfig as { entry: Record<string, string> }).entry;
    for (const [name, file] of Object.entries(codecEntries())) expect(entries[name], name).toBe(file);
    expect(entries["wire/room"]).toBe("src/gen/livekit_room_wire.ts");
    expect(entries["json/webhook"]).toBe("src/gen/livekit_webhook_json.ts");
    expect(entries["wire/runtime"]).toBe("src/wire-runtime.ts");
    expect(packageJson.exports["./wire/*"].import.default).toBe("./dist/wire/*.js");
    expect(packageJson.exports["./json/*"].require.default).toBe("./dist/json/*.cjs");
  });

  it("re-export every file of the livekit and logger packages from the root entry, none of livekit.agent", () => {
    for (const file of Object.values(generated)) {
      const line = `export * from "${file.replace("src/", "./").replace(/\.ts$/, ".js")}";`;
      expect(indexSource.includes(line), file).toBe(!file.startsWith("src/gen/agent/"));
    }
  });

  it("export every name of protoc-gen-es's files, each service descriptor as `<Service>Descriptor`", async () => {
    let services = 0;
    for (const file of Object.values(generated)) {
      const entry: Record<string, unknown> = await import(/* @vite-ignore */ `../${file}`);
      const pb: Record<string, unknown> = await import(
        /* @vite-ignore */ `../${file.replace(/_entry\.ts$/, "_pb.ts")}`
      );
      const renamed = Object.entries(pb).map(([name, value]) => {
        const isService = (value as { kind?: string }).kind === "service";
        if (isService) services++;
        return [isService ? `${name}Descriptor` : name, value] as const;
      });
      expect(Object.entries(entry).sort(), file).toEqual(renamed.sort());
    }
    expect(services).toBeGreaterThanOrEqual(10);
  });
});
