import * as node from "../index.node.ts";
import * as web from "../index.ts";

/** Both entry points, so every behavioural test runs against the Web Crypto and the node:crypto engine. */
export const entries = [
  ["web", web],
  ["node", node],
] as const;

/** Credentials used by unit tests (a fake secret of realistic length). */
export const creds = { apiKey: "APItestkey", apiSecret: "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-xyz" };

/** Splits a JWT and decodes its header and payload JSON. */
export function decodeJwt(jwt: string): { header: unknown; payload: Record<string, unknown> } {
  const [h, p] = jwt.split(".") as [string, string];
  const text = (part: string) => Buffer.from(part, "base64url").toString("utf8");
  return { header: JSON.parse(text(h)), payload: JSON.parse(text(p)) };
}

/** Runs `fn` and returns the error it throws or rejects with (fails if it does not). */
export async function caught(fn: () => unknown): Promise<{ code: string; message: string; name: string }> {
  try {
    await fn();
  } catch (error) {
    return error as { code: string; message: string; name: string };
  }
  throw new Error("expected a failure");
}
