import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import tsupConfig from "../tsup.config.ts";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const generated = [
  ...readdirSync(new URL("../src/gen", import.meta.url)).filter((f) => f.endsWith("_pb.ts")),
  ...readdirSync(new URL("../src/gen/logger", import.meta.url)).map((f) => `logger/${f}`),
];

const codecs = readdirSync(new URL("../src/gen", import.meta.url)).filter((f) => /_(wire|json)\.ts$/.test(f));

describe("package exports", () => {
  it("offer one subpath per generated file, each built by tsup", () => {
    const entries = (tsupConfig as { entry: Record<string, string> }).entry;
    const patterns = ["./wire/*", "./json/*"];
    const subpaths = Object.keys(packageJson.exports).filter(
      (k) => k !== "." && k !== "./package.json" && !patterns.includes(k),
    );
    expect(subpaths.length).toBe(generated.length);
    for (const subpath of subpaths) {
      const name = subpath.slice(2);
      expect(entries[name], subpath).toBeDefined();
      expect(packageJson.exports[subpath].import.default).toBe(`./dist/${name}.js`);
    }
    expect(Object.values(entries).sort()).toEqual(
      [
        "src/index.ts",
        "src/wire-runtime.ts",
        ...generated.map((f) => `src/gen/${f}`),
        ...codecs.map((f) => `src/gen/${f}`),
      ].sort(),
    );
  });

  it("offer the codecs under wire/ and json/, one entry per generated codec file", () => {
    const entries = (tsupConfig as { entry: Record<string, string> }).entry;
    for (const pattern of ["wire", "json"]) {
      expect(packageJson.exports[`./${pattern}/*`].import.default).toBe(`./dist/${pattern}/*.js`);
      expect(packageJson.exports[`./${pattern}/*`].require.default).toBe(`./dist/${pattern}/*.cjs`);
    }
    expect(entries["wire/room"]).toBe("src/gen/livekit_room_wire.ts");
    expect(entries["json/webhook"]).toBe("src/gen/livekit_webhook_json.ts");
    expect(entries["wire/runtime"]).toBe("src/wire-runtime.ts");
  });
});
