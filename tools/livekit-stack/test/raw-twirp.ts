// Helpers the harness's own tests share: raw Twirp calls (the harness cannot use the SDK it tests),
// unique room names and process liveness.
import { mintToken } from "../src/index.js";

export interface Target {
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** POSTs protobuf JSON to `livekit.RoomService/<method>` with a token carrying `video` grants. */
export async function twirp(target: Target, method: string, body: unknown, video: Record<string, unknown>) {
  const token = mintToken(target.apiKey, target.apiSecret, { video });
  const response = await fetch(`${target.url}/twirp/livekit.RoomService/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export const uniqueRoom = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
