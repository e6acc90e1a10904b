import { ConfigError } from "./errors.ts";

/**
 * Turns a LiveKit URL into the HTTP base the Twirp paths hang off: ws -> http, wss -> https,
 * no trailing slash, base path kept (for servers behind a path-prefixing proxy).
 */
export function normalizeHost(host: string): string {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new ConfigError(
      "invalid_config",
      `host must be an absolute URL such as https://my.livekit.cloud, got "${host}"`,
    );
  }
  const protocol = url.protocol === "ws:" ? "http:" : url.protocol === "wss:" ? "https:" : url.protocol;
  if (protocol !== "http:" && protocol !== "https:") {
    throw new ConfigError("invalid_config", `host must use http, https, ws or wss, got "${url.protocol}"`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new ConfigError("invalid_config", "host must not carry a query string or fragment");
  }
  const path = url.pathname.replace(/\/+$/, "");
  return `${protocol}//${url.host}${path}`;
}
