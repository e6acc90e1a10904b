import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import tsupConfig from "../tsup.config.ts";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const generated = [
  ...readdirSync(new URL("../src/gen", import.meta.url)).filter((f) => f.endsWith("_pb.ts")),
  ...readdirSync(new URL("../src/gen/logger", import.meta.url)).map((f) => `logger/${f}`),
];

describe("package exports", () => {
  it("offer one subpath per generated file, each built by tsup", () => {
    const entries = (tsupConfig as { entry: Record<string, string> }).entry;
    const subpaths = Object.keys(packageJson.exports).filter((k) => k !== "." && k !== "./package.json");
    expect(subpaths.length).toBe(generated.length);
    for (const subpath of subpaths) {
      const name = subpath.slice(2);
      expect(entries[name], subpath).toBeDefined();
      expect(packageJson.exports[subpath].import.default).toBe(`./dist/${name}.js`);
    }
    // The webhook entry adds the protocol's event names (src/gen/livekit_webhook_events.ts) to its messages.
    const entryOf = (f: string) => (f === "livekit_webhook_pb.ts" ? "src/webhook.ts" : `src/gen/${f}`);
    expect(Object.values(entries).sort()).toEqual(["src/index.ts", ...generated.map(entryOf)].sort());
  });
});
