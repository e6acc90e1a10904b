import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readBaseline, runTypedoc } from "../src/run-typedoc.mjs";

const fixture = {
  entries: [{ module: "@exlivekit/docs-fixture", entry: "tools/docs/test/fixtures/sample/src/index.ts" }],
  tsconfig: fileURLToPath(new URL("./fixtures/sample/tsconfig.json", import.meta.url)),
  packages: ["@exlivekit/docs-fixture"],
};

describe("doc coverage of the published packages", () => {
  it("every exported symbol and member has a doc comment (beyond the shrinking baseline)", async () => {
    const run = await runTypedoc();
    expect(run.errors).toEqual([]);
    expect(run.modules).toEqual([
      "@exlivekit/token",
      "@exlivekit/token/endpoint",
      "@exlivekit/token/node",
      "@exlivekit/server-sdk",
      "@exlivekit/server-sdk/json",
      "@exlivekit/server-sdk/reflect",
      "@exlivekit/server-sdk/transport",
      "@exlivekit/transport-undici",
      "@exlivekit/transport-fetch",
      "@exlivekit/webhook",
      "@exlivekit/webhook/node",
    ]);
    expect(run.undocumented, "add a TSDoc comment to these exports").toEqual([]);
    expect(run.staleBaseline, "documented now: delete them from undocumented-baseline.json").toEqual([]);
  });

  it("the baseline only lists names, no duplicates", () => {
    const baseline = readBaseline();
    expect(new Set(baseline).size).toBe(baseline.length);
    for (const name of baseline) expect(name).toMatch(/^@exlivekit\/[a-z-]+(\/node)?\./);
  });
});

describe("the check itself", () => {
  it("reports an undocumented function and an undocumented member, not the documented ones", async () => {
    const run = await runTypedoc({ ...fixture, baseline: [] });
    expect(run.errors).toEqual([]);
    expect(run.undocumented.sort()).toEqual([
      "@exlivekit/docs-fixture.Options.b",
      "@exlivekit/docs-fixture.Service.__type.undocumentedMember",
      "@exlivekit/docs-fixture.notDocumented",
    ]);
  });

  it("accepts baselined names and reports baseline entries that no longer apply", async () => {
    const run = await runTypedoc({
      ...fixture,
      baseline: [
        "@exlivekit/docs-fixture.notDocumented",
        "@exlivekit/docs-fixture.Options.b",
        "@exlivekit/docs-fixture.Service.__type.undocumentedMember",
        "@exlivekit/docs-fixture.gone",
      ],
    });
    expect(run.undocumented).toEqual([]);
    expect(run.staleBaseline).toEqual(["@exlivekit/docs-fixture.gone"]);
  });
});
