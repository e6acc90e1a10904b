// @ts-check

/** @import { Delivery, DeliveryFilter, WebhookSinkClient } from "./types.js" */

/**
 * A client of the webhook sink at `sinkUrl` (from `inject("livekit").sinkUrl` or a stack).
 * @param {string} sinkUrl
 * @returns {WebhookSinkClient}
 */
export function webhookSink(sinkUrl) {
  const base = sinkUrl.replace(/\/+$/, "");
  /**
   * @param {DeliveryFilter} filter
   * @param {number} timeoutMs
   * @returns {Promise<Delivery[]>}
   */
  const query = async (filter, timeoutMs) => {
    const url = new URL(`${base}/deliveries`);
    if (filter.event !== undefined) url.searchParams.set("event", filter.event);
    if (filter.room !== undefined) url.searchParams.set("room", filter.room);
    url.searchParams.set("timeoutMs", String(timeoutMs));
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs + 5000) });
    if (!response.ok) throw new Error(`webhook sink ${base} answered ${response.status}`);
    /** @type {{ deliveries: { seq: number, path: string, headers: Record<string, string>, body: string }[] }} */
    const payload = await response.json();
    return payload.deliveries.map(decode);
  };
  return {
    async waitFor(filter, timeoutMs = 10_000) {
      const [first] = await query(filter, timeoutMs);
      if (first === undefined) {
        throw new Error(`no webhook ${JSON.stringify(filter)} reached the sink within ${timeoutMs} ms`);
      }
      return first;
    },
    all: (filter = {}) => query(filter, 0),
    async clear() {
      const response = await fetch(`${base}/deliveries`, { method: "DELETE" });
      if (!response.ok) throw new Error(`webhook sink ${base} answered ${response.status}`);
    },
  };
}

/**
 * @param {{ seq: number, path: string, headers: Record<string, string>, body: string }} raw
 * @returns {Delivery}
 */
function decode(raw) {
  const body = new Uint8Array(Buffer.from(raw.body, "base64"));
  /** @type {unknown} */
  let json;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    json = undefined;
  }
  return { body, headers: raw.headers, json, path: raw.path, seq: raw.seq };
}
