// The result keys `pnpm bench` promises (issue 8), their figure names, units and which direction is
// better. The runner, the markdown report and the smoke test all read this one list.

/** key -> { unit, better: "higher" | "lower", figures: name -> what was measured } */
export const FIGURES = {
  ...throughputKeys("token.mint", "tokens", {
    ours: "@exlivekit/token AccessToken, Node entry (node:crypto)",
    oursWeb: "@exlivekit/token AccessToken, web entry (Web Crypto) on Node",
    official: "livekit-server-sdk AccessToken.toJwt",
    floor: "bare node:crypto HS256 encoder (reference)",
  }),
  ...throughputKeys("token.verify", "verifications", {
    ours: "@exlivekit/token verifyToken, Node entry",
    official: "livekit-server-sdk TokenVerifier.verify",
    floor: "bare node:crypto HS256 check + JSON.parse of the claims (reference)",
  }),
  ...throughputKeys("webhook.receive", "receives", {
    ours: "@exlivekit/webhook WebhookReceiver.receive, Node entry",
    official: "livekit-server-sdk WebhookReceiver.receive",
    floor: "bare HS256 check + sha256 of the body + JSON.parse of both (reference)",
  }),
  ...apiKeys("stub", "stub Twirp responder"),
  ...apiKeys("livekit", "livekit-server"),
  "latency.stub.c64": {
    unit: "ms",
    better: "lower",
    figures: {
      undiciP50: "ours + transport-undici, p50",
      undiciP99: "ours + transport-undici, p99",
      officialP50: "RoomServiceClient, p50",
      officialP99: "RoomServiceClient, p99",
    },
  },
  "api.cluster.c64": {
    unit: "calls/s",
    better: "higher",
    label: "two livekit-servers on one Redis, ListRooms",
    figures: {
      undici: "@exlivekit/server-sdk + transport-undici, hosts [A, B]",
      official: "livekit-server-sdk RoomServiceClient.listRooms, host A",
    },
  },
  "api.failover": {
    unit: "calls · ms",
    better: "lower",
    label: "64 safe calls in flight for 10 s, node A SIGKILLed at 3 s, restarted at 6 s",
    // Counts of failed calls are zero when failover works.
    zeroOk: ["failed", "officialFailed"],
    figures: {
      calls: "ours (hosts [A, B], undici): calls made",
      failed: "ours: calls failed",
      p99: "ours: p99 call, ms",
      longest: "ours: longest call, ms",
      officialCalls: "RoomServiceClient (host A): calls made",
      officialFailed: "RoomServiceClient: calls failed",
      officialP99: "RoomServiceClient: p99 call, ms",
      officialLongest: "RoomServiceClient: longest call, ms",
    },
  },
  "bundle.token": bundleKey("AccessToken", "AccessToken"),
  "bundle.webhook": bundleKey("WebhookReceiver", "WebhookReceiver"),
  "bundle.room": bundleKey("Client + RoomService + fetchTransport", "RoomServiceClient"),
  "import.token": {
    unit: "ms",
    better: "lower",
    figures: { ours: "import @exlivekit/token (node condition)", official: "import livekit-server-sdk" },
  },
  "import.serverSdk": {
    unit: "ms",
    better: "lower",
    figures: {
      ours: "import @exlivekit/server-sdk + @exlivekit/transport-undici",
      official: "import livekit-server-sdk",
    },
  },
};

/** A single-operation throughput: per second of wall time (`key`) and per CPU-second (`key.cpu`). */
function throughputKeys(key, what, figures) {
  return {
    [key]: { unit: `${what}/s`, better: "higher", figures },
    [`${key}.cpu`]: { unit: `${what}/CPU-s`, better: "higher", figures },
  };
}

function apiKeys(target, label) {
  const figures = {
    undici: "@exlivekit/server-sdk + transport-undici",
    fetch: "@exlivekit/server-sdk + transport-fetch",
    official: "livekit-server-sdk RoomServiceClient.listRooms",
    raw: "undici.request, keep-alive Pool (floor)",
  };
  return Object.fromEntries(
    [1, 64].map((c) => [`api.${target}.c${c}`, { unit: "calls/s", better: "higher", label, figures }]),
  );
}

function bundleKey(ours, official) {
  return {
    unit: "bytes min+gzip",
    better: "lower",
    figures: { ours: `@exlivekit: ${ours}`, official: `livekit-server-sdk: ${official}` },
  };
}

/** The official counterpart of a figure: `official`, or `officialP50` for `undiciP50`. */
export function officialCounterpart(name) {
  const suffix = /P\d+$/.exec(name)?.[0] ?? "";
  return `official${suffix}`;
}

/**
 * Problems with a results object: missing keys or figures, or values that are not finite and positive.
 * `keys` limits the check to the keys a partial run measured; default every key.
 */
export function findProblems(results, keys = Object.keys(FIGURES)) {
  const problems = [];
  for (const key of keys) {
    const spec = FIGURES[key];
    if (spec === undefined) {
      problems.push(`${key}: not a known key`);
      continue;
    }
    const group = results[key];
    if (group === null || typeof group !== "object") {
      problems.push(`${key}: missing`);
      continue;
    }
    for (const name of Object.keys(spec.figures)) {
      const value = group[name];
      const zeroOk = spec.zeroOk?.includes(name) && value === 0;
      if (!zeroOk && (typeof value !== "number" || !Number.isFinite(value) || value <= 0)) {
        problems.push(`${key}.${name}: ${JSON.stringify(value)} is not a finite positive number`);
      }
    }
    for (const name of Object.keys(group)) {
      if (!(name in spec.figures)) problems.push(`${key}.${name}: unexpected figure`);
    }
  }
  return problems;
}
