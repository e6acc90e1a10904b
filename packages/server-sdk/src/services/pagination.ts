/**
 * Async iteration over the two pagination styles of the LiveKit API: page tokens (egress, ingress:
 * `TokenPagination`) and id cursors (SIP: `Pagination { afterId, limit }`). Both stop on their own
 * when a server ignores pagination (returns everything at once, or repeats itself).
 */

import type { DescMessage, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { Client } from "../client.ts";
import { InvalidArgumentError } from "../errors.ts";
import type { RpcGrants } from "../grants.ts";
import type { CallOptions, Rpc } from "../twirp-caller.ts";
import { callRpc } from "../twirp-caller.ts";

/** Page size `iterate*` functions use unless told otherwise. */
const DEFAULT_PAGE_SIZE = 100;

/** Validates the `pageSize` option of an `iterate*` function (eagerly, before any request). */
export function pageSize(value: unknown): number {
  if (value === undefined) return DEFAULT_PAGE_SIZE;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError("pageSize", `must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** The `page` field of an id-cursor list request (`livekit.Pagination`). */
export interface IdPage {
  readonly afterId: string;
  readonly limit: number;
}

/** Upper bound of pages fetched by one iteration, so a misbehaving server cannot loop us forever. */
const MAX_PAGES = 10_000;

/**
 * Yields the items of every page; `fetchPage(token)` returns a page and the next token (empty or
 * undefined at the end). Stops if a token repeats.
 */
export async function* tokenPages<T>(
  fetchPage: (token: string | undefined) => Promise<{ items: readonly T[]; next: string | undefined }>,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items, next } = await fetchPage(token);
    yield* items;
    if (next === undefined || next === "" || seen.has(next)) return;
    seen.add(next);
    token = next;
  }
}

/**
 * Yields the items of every page of an id-cursor list: asks for `limit` items after the greatest id
 * seen so far, until a page is short or brings no greater id. `fetchPage` is the list call itself: it
 * gets the request's `page` field and answers with `items`.
 */
export async function* idPages<T>(
  fetchPage: (page: IdPage) => Promise<{ readonly items: readonly T[] }>,
  idOf: (item: T) => string,
  limit: number,
): AsyncGenerator<T, void, undefined> {
  let afterId = "";
  for (let page = 0; page < MAX_PAGES; page++) {
    const { items } = await fetchPage({ afterId, limit });
    let greatest = afterId;
    for (const item of items) {
      const id = idOf(item);
      // Items at or before the cursor were already yielded (a server that ignores `afterId`).
      if (id <= afterId && afterId !== "") continue;
      if (id > greatest) greatest = id;
      yield item;
    }
    if (items.length < limit || greatest === afterId) return;
    afterId = greatest;
  }
}

/**
 * Yields the items of every page of a page-token list RPC (`pageToken` in, `nextPageToken` out), each page
 * one `callRpc` with `request` and the page's token. `items` picks the list out of a response.
 */
export function rpcPages<I extends DescMessage, O extends DescMessage, T>(
  client: Client,
  rpc: Rpc<I, O>,
  request: MessageInitShape<I>,
  grants: RpcGrants,
  call: CallOptions | undefined,
  items: (response: MessageShape<O>) => readonly T[],
): AsyncGenerator<T, void, undefined> {
  return tokenPages(async (token) => {
    const page = (
      token === undefined ? request : { ...request, pageToken: { token } }
    ) as MessageInitShape<I>;
    const res = await callRpc(client, rpc, page, grants, call);
    const next = (res as { nextPageToken?: { token: string } }).nextPageToken?.token;
    return { items: items(res), next };
  });
}
