// @ts-check
// The example's backend on node:http: the page, its script (livekit-client bundled by esbuild), guest
// sessions in a cookie, and the token endpoint at POST /api/token.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createTokenEndpoint } from "@exlivekit/token/endpoint";
import { handleNodeRequest } from "@exlivekit/token/node";
import { build } from "esbuild";
import { createPolicy } from "./policy.mjs";

const page = new URL("./page/", import.meta.url);

/**
 * @typedef {object} BrowserJoinOptions
 * @property {string} serverUrl the LiveKit URL the browser connects to
 * @property {string} apiKey
 * @property {string} apiSecret
 * @property {readonly string[]} [agents] agent names a user may dispatch (default `["demo-agent"]`)
 * @property {number} [port] default: a free one
 */

/**
 * Starts the app on 127.0.0.1.
 * @param {BrowserJoinOptions} options
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startBrowserJoin({ serverUrl, apiKey, apiSecret, agents = ["demo-agent"], port = 0 }) {
  const [html, script] = await Promise.all([readFile(new URL("index.html", page)), bundlePage()]);
  /** @type {Map<string, { id: string }>} */
  const sessions = new Map();
  const endpoint = createTokenEndpoint({
    apiKey,
    apiSecret,
    serverUrl,
    authorize: createPolicy({
      userOf: (request) => sessions.get(cookie(request.headers.get("cookie"), "session") ?? ""),
      agents,
    }),
  });

  const server = createServer(async (req, res) => {
    try {
      if (req.url === "/api/token") {
        await handleNodeRequest(endpoint, req, res);
      } else if (req.method === "GET" && req.url === "/") {
        // A guest session per visitor: the token's identity comes from here, not from the browser's ask.
        const id = `guest-${randomBytes(4).toString("hex")}`;
        sessions.set(id, { id });
        res.writeHead(200, {
          "content-type": "text/html; charset=utf-8",
          "set-cookie": `session=${id}; HttpOnly; SameSite=Strict; Path=/`,
        });
        res.end(html);
      } else if (req.method === "GET" && req.url === "/join.js") {
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(script);
      } else {
        res.writeHead(404).end();
      }
    } catch {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(undefined)));
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}/`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The browser script with livekit-client, bundled once at start. */
async function bundlePage() {
  const result = await build({
    entryPoints: [new URL("join.mjs", page).pathname],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.contents ?? new Uint8Array();
}

/**
 * @param {string | null} header
 * @param {string} name
 * @returns {string | undefined}
 */
function cookie(header, name) {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}
