import { describe, expect, it } from "vitest";
import { idPages, tokenPages } from "./pagination.ts";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const ids = ["a", "b", "c", "d", "e"];

describe("idPages", () => {
  it("walks a server that honours afterId and limit", async () => {
    const asked: [string, number][] = [];
    const got = await collect(
      idPages(
        async ({ afterId, limit }) => {
          asked.push([afterId, limit]);
          return { items: ids.filter((id) => id > afterId).slice(0, limit) };
        },
        (id) => id,
        2,
      ),
    );
    expect(got).toEqual(ids);
    expect(asked).toEqual([
      ["", 2],
      ["b", 2],
      ["d", 2],
    ]);
  });

  it("stops when a server ignores pagination and returns everything every time", async () => {
    let calls = 0;
    const got = await collect(
      idPages(
        async () => {
          calls++;
          return { items: ids };
        },
        (id) => id,
        2,
      ),
    );
    expect(got).toEqual(ids);
    expect(calls).toBe(2);
  });
});

describe("tokenPages", () => {
  it("follows tokens until an empty one, and stops on a repeated token", async () => {
    const pages: Record<string, { items: number[]; next: string | undefined }> = {
      "": { items: [1, 2], next: "t1" },
      t1: { items: [3], next: "" },
    };
    expect(await collect(tokenPages(async (t) => pages[t ?? ""] ?? { items: [], next: undefined }))).toEqual([
      1, 2, 3,
    ]);
    let calls = 0;
    const loop = await collect(
      tokenPages(async () => {
        calls++;
        return { items: [calls], next: "same" };
      }),
    );
    expect(loop).toEqual([1, 2]);
  });
});
