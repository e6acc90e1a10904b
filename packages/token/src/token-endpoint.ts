import type { AccessTokenBuilder, AccessTokenOptions } from "./access-token-builder.ts";
import { corsPolicy, type TokenEndpointCors } from "./cors.ts";
import type { Duration } from "./duration.ts";
import { Rejection } from "./endpoint-rejection.ts";
import { readEnv } from "./env.ts";
import { TokenError } from "./errors.ts";
import type { ParticipantKind, VideoGrant } from "./grants.ts";
import { readCappedBody } from "./read-capped-body.ts";
import type { RoomConfiguration } from "./room-config.ts";
import { readTokenSourceRequest, type TokenSourceRequest } from "./token-source-request.ts";

/**
 * What `authorize` grants: everything the token will say. Nothing else from the request gets in. Optional
 * fields may be `undefined` (e.g. `roomConfig: ask.roomConfig` when the client asked for none).
 */
export interface AuthorizedToken {
  /** The participant identity (`sub`): your user's id, not the identity the client asked for. */
  identity: string;
  /** Room and participant permissions, e.g. `{ roomJoin: true, room, canPublish: true }`. */
  grants: VideoGrant;
  /** Display name. */
  name?: string | undefined;
  /** Participant metadata. */
  metadata?: string | undefined;
  /** Participant attributes. */
  attributes?: Record<string, string> | undefined;
  /** Participant kind; default standard. */
  kind?: ParticipantKind | undefined;
  /** Room configuration used if this join creates the room (e.g. `ask.roomConfig` to honour the client's agents). */
  roomConfig?: RoomConfiguration | undefined;
  /** Time to live: seconds or a duration string such as `"10m"`; default 3600 s. */
  ttl?: Duration | undefined;
}

/** A refusal with the status the policy chooses: 401 (who are you?) or 403 (not allowed). */
export interface TokenDenial {
  /** HTTP status of the answer. */
  deny: 401 | 403;
  /** Shown to the client in the error body; default a generic text. */
  message?: string;
}

/** What `authorize` returns: a token to mint, a denial, or `null`/`undefined` for 401. */
export type AuthorizeResult = AuthorizedToken | TokenDenial | null | undefined;

/** Options of `createTokenEndpoint`. */
export interface TokenEndpointOptions {
  /** The policy: decides from the ask and the request (cookies, headers) what the token grants. */
  authorize(ask: TokenSourceRequest, request: Request): AuthorizeResult | Promise<AuthorizeResult>;
  /** API key; default `LIVEKIT_API_KEY`. */
  apiKey?: string;
  /** API secret; default `LIVEKIT_API_SECRET`. */
  apiSecret?: string;
  /** The LiveKit URL clients connect to (`wss://…`); default `LIVEKIT_URL`. */
  serverUrl?: string;
  /** Answer cross-origin requests and preflights from these origins; default same-origin only. */
  cors?: TokenEndpointCors;
  /** Largest request body read, in bytes; default 16384. */
  maxBodyBytes?: number;
  /**
   * Called with what made a request fail with 500 (a throwing `authorize`, or a result no valid token
   * can carry); the response body says nothing of it. Default: `console.error`.
   */
  onError?: (error: unknown) => void;
}

/** A web-standard handler: Next.js route handlers, Workers, Deno, Bun and Hono take it as it is. */
export type TokenEndpoint = (request: Request) => Promise<Response>;

/** Default cap of the request body: a TokenSourceRequest with generous metadata fits many times. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

type TokenClass = new (options: AccessTokenOptions) => AccessTokenBuilder;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Builds the endpoint on an entry point's `AccessToken`. Checks the options now, so a missing secret or
 * URL fails at start-up, not on a user's request.
 */
export function createEndpointWith(Token: TokenClass, options: TokenEndpointOptions): TokenEndpoint {
  if (typeof options?.authorize !== "function") {
    throw new TokenError(
      "invalid_option",
      "createTokenEndpoint needs an authorize(ask, request) function: it decides what each token grants",
    );
  }
  const apiKey = options.apiKey ?? readEnv("LIVEKIT_API_KEY");
  const apiSecret = options.apiSecret ?? readEnv("LIVEKIT_API_SECRET");
  const credentials: AccessTokenOptions = {
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(apiSecret === undefined ? {} : { apiSecret }),
  };
  new Token(credentials); // throws missing_credentials now rather than per request
  const serverUrl = checkServerUrl(options.serverUrl ?? readEnv("LIVEKIT_URL"));
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new TokenError("invalid_option", "maxBodyBytes must be a positive integer");
  }
  const cors = options.cors === undefined ? undefined : corsPolicy(options.cors);
  const onError = options.onError ?? ((error: unknown) => console.error("token endpoint:", error));
  const { authorize } = options;

  // Anything but a Rejection thrown here (authorize failing, a result no token can carry) is a 500.
  async function answer(request: Request): Promise<Response> {
    const ask = await readAsk(request, maxBodyBytes, cors !== undefined);
    const result = await authorize(ask, request);
    if (result === null || result === undefined) {
      throw new Rejection(401, "unauthorized", "sign in to get a token");
    }
    if (typeof result === "object" && "deny" in result) throw denial(result);
    const jwt = await mint(new Token(credentials), result);
    return json(200, { server_url: serverUrl, participant_token: jwt });
  }

  return async (request) => {
    const corsHeaders = cors?.headers(request.headers.get("origin"));
    let response: Response;
    try {
      if (cors !== undefined && request.method === "OPTIONS") {
        if (corsHeaders === undefined)
          throw new Rejection(403, "forbidden", "this origin may not call the endpoint");
        return new Response(null, { status: 204, headers: { ...corsHeaders, ...cors.preflight } });
      }
      response = await answer(request);
    } catch (thrown) {
      const error = thrown instanceof Rejection ? thrown : internalError(thrown, onError);
      response = json(error.status, { code: error.code, message: error.message });
      if (error.status === 405) response.headers.set("allow", cors === undefined ? "POST" : "POST, OPTIONS");
    }
    for (const [name, value] of Object.entries(corsHeaders ?? {})) response.headers.set(name, value);
    return response;
  };
}

async function readAsk(
  request: Request,
  maxBodyBytes: number,
  withCors: boolean,
): Promise<TokenSourceRequest> {
  if (request.method !== "POST") {
    throw new Rejection(405, "method_not_allowed", `use POST${withCors ? " (or an OPTIONS preflight)" : ""}`);
  }
  const type = request.headers.get("content-type");
  if (type === null || type.split(";", 1)[0]!.trim().toLowerCase() !== "application/json") {
    throw new Rejection(415, "unsupported_media_type", "the body must be application/json");
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readCappedBody(request, maxBodyBytes);
  } catch {
    throw new Rejection(400, "invalid_request", "the request body could not be read");
  }
  if (bytes === undefined) {
    throw new Rejection(413, "body_too_large", `the body is larger than ${maxBodyBytes} bytes`);
  }
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new Rejection(400, "invalid_request", "the body is not UTF-8 JSON");
  }
  return readTokenSourceRequest(body);
}

/** Reports an unexpected failure to `onError`; the client learns nothing of it. */
function internalError(error: unknown, onError: (error: unknown) => void): Rejection {
  try {
    onError(error);
  } catch {
    // A failing reporter must not turn the 500 into an unanswered request.
  }
  return new Rejection(500, "internal_error", "the token endpoint failed");
}

/** The answer to a denial; a status other than 401 or 403 is the policy's bug (thrown, so a 500). */
function denial(result: TokenDenial): Rejection {
  const { deny, message } = result;
  if (deny !== 401 && deny !== 403) {
    throw new TokenError("invalid_option", "authorize returned { deny } with a status other than 401 or 403");
  }
  const text =
    typeof message === "string" ? message : deny === 401 ? "sign in to get a token" : "not allowed";
  return new Rejection(deny, deny === 401 ? "unauthorized" : "forbidden", text);
}

function mint(token: AccessTokenBuilder, result: AuthorizedToken): Promise<string> {
  if (typeof result !== "object" || result === null) {
    throw new TokenError("invalid_option", "authorize must return { identity, grants, … }, { deny } or null");
  }
  token.addIdentity(result.identity).addGrants(result.grants);
  if (result.name !== undefined) token.addName(result.name);
  if (result.metadata !== undefined) token.addMetadata(result.metadata);
  if (result.attributes !== undefined) token.addAttributes(result.attributes);
  if (result.kind !== undefined) token.addKind(result.kind);
  // Never with storage credentials: this token goes to a browser.
  if (result.roomConfig !== undefined) token.addRoomConfig(result.roomConfig);
  if (result.ttl !== undefined) token.addTtl(result.ttl);
  return token.toJwt();
}

function checkServerUrl(url: string | undefined): string {
  if (typeof url !== "string" || !/^(wss?|https?):\/\/[^/?#\s]+/.test(url)) {
    throw new TokenError(
      "invalid_option",
      "createTokenEndpoint needs serverUrl (or LIVEKIT_URL): the ws(s):// or http(s):// URL clients connect to",
    );
  }
  return url;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
