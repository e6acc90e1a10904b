/**
 * Async iteration over the two pagination styles of the LiveKit API: page tokens (egress, ingress:
 * `TokenPagination`) and id cursors (SIP: `Pagination { afterId, limit }`). Both stop on their own
 * when a server ignores pagination (returns everything at once, or repeats itself).
 */

/** Upper bound of pages fetched by one iteration, so a misbehaving server cannot loop us forever. */
export const MAX_PAGES = 10_000;

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
 * seen so far, until a page is short or brings no greater id.
 */
export async function* idPages<T>(
  fetchPage: (afterId: string, limit: number) => Promise<readonly T[]>,
  idOf: (item: T) => string,
  limit: number,
): AsyncGenerator<T, void, undefined> {
  let afterId = "";
  for (let page = 0; page < MAX_PAGES; page++) {
    const items = await fetchPage(afterId, limit);
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
