// The human-readable side of a run: one table with every figure and its ratio to the official SDK.
import { FIGURES, officialCounterpart } from "./figures.mjs";

// What a reader needs to read the table right, true of every run.
const STANDING_NOTES = [
  "`floor` (token.mint, token.verify, webhook.receive) and `raw` (api.*) are references, not products: the bare node:crypto primitives and JSON.parse doing the same work with the key set up once, and undici.request with a precomputed token. Their ratio to the official SDK is shown for scale; ours as a fraction of the floor is listed below the table.",
  "livekit-server-sdk has one entry point: importing AccessToken or RoomServiceClient loads the whole SDK, which is what import.token and import.serverSdk time for it. Ours for import.serverSdk counts the client and @exlivekit/transport-undici (which loads undici only on its first request).",
  "The official RoomServiceClient speaks Twirp JSON over global fetch and signs a fresh token per call; ours sends protobuf and reuses its token for half its lifetime. The stub answers each in the format it asked for.",
  "`.cpu` keys count the same windows per CPU-second of this process (user + system, every thread). Web Crypto on Node hashes on libuv's thread pool, so the official SDK's sequential loop borrows a second core: per wall-second it looks faster than its CPU cost, which is what bounds a busy server.",
  "Other work on the machine moves the figures: compare ratios within one run, and see the load average above.",
];

function format(value, unit) {
  const digits = unit === "ms" ? (value < 10 ? 2 : 1) : 0;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(results, key, name) {
  const group = results[key] ?? {};
  const official = group[officialCounterpart(name)];
  if (name.startsWith("official") || typeof official !== "number" || typeof group[name] !== "number")
    return "";
  return `${(group[name] / official).toFixed(2)}x`;
}

function range(minMax, unit) {
  if (!minMax || minMax[0] === minMax[1]) return "";
  return `${format(minMax[0], unit)}–${format(minMax[1], unit)}`;
}

/**
 * Renders `results` (the JSON written next to it) as markdown. `spread`: key -> name -> [min, max]
 * of the runs behind each median; `settings` and `notes` describe the run; `paired`: key -> name -> the
 * round-by-round ratios to the official SDK (`pairedRatios`), when the run has them.
 */
export function renderMarkdown(results, spread, settings, notes, paired = {}) {
  const m = results.machine;
  const lines = [
    "# pnpm bench",
    "",
    `${results.date} · ${m.cores} cores, ${m.cpuModel} · Node ${m.node} (${m.platform}) · load average ${m.loadAverage1m} at start${settings.smoke ? " · **SMOKE RUN: figures meaningless**" : ""}`,
    "",
    `Throughput: median of ${settings.runs} time-boxed windows (${settings.windowMs} ms each for token and webhook, ${settings.apiWindowMs} ms for API calls) after one warm-up window, contenders in rotated order in one process (the stub responder runs in a child process). Import: median of ${settings.importRuns} fresh Node processes. Bundles: esbuild, platform browser, conditions workerd+browser, minified, gzip level 9.`,
    "",
    '"vs official" is ours ÷ official for the same figure: above 1x is better for throughput, below 1x is better for latency, bytes and milliseconds.',
    "",
    "| key | figure | what | value | unit | vs official | runs min–max |",
    "| --- | --- | --- | ---: | --- | ---: | ---: |",
  ];
  for (const [key, spec] of Object.entries(FIGURES)) {
    if (!(key in results)) continue; // a partial run (--only) measured other suites
    for (const [name, what] of Object.entries(spec.figures)) {
      const value = results[key]?.[name];
      const shown = typeof value === "number" ? format(value, spec.unit) : "n/a";
      const where = spec.label ? ` (${spec.label})` : "";
      lines.push(
        `| ${key} | ${name} | ${what}${where} | ${shown} | ${spec.unit} | ${ratio(results, key, name)} | ${range(spread[key]?.[name], spec.unit)} |`,
      );
    }
  }
  const againstFloor = Object.keys(FIGURES).filter(
    (key) => typeof results[key]?.ours === "number" && typeof results[key]?.floor === "number",
  );
  if (againstFloor.length > 0) {
    lines.push("", "## Ours as a fraction of the floor", "", "| key | ours ÷ floor |", "| --- | ---: |");
    for (const key of againstFloor) {
      lines.push(`| ${key} | ${(results[key].ours / results[key].floor).toFixed(2)} |`);
    }
  }
  const pairedRows = Object.keys(FIGURES).flatMap((key) =>
    Object.entries(paired[key] ?? {}).map(([name, ratios]) => {
      // Worst first: the smallest ratio where higher is better, the largest where lower is.
      const sign = FIGURES[key].better === "lower" ? -1 : 1;
      const sorted = [...ratios].sort((a, b) => sign * (a - b));
      const at = (i) => `${sorted[i].toFixed(2)}x`;
      return `| ${key} | ${name} | ${at(0)} | ${at(sorted.length >> 1)} | ${at(sorted.length - 1)} |`;
    }),
  );
  if (pairedRows.length > 0) {
    lines.push(
      "",
      "## Ours ÷ official, round by round",
      "",
      "Each round measures every contender once, back to back: the ratio within a round is spared most of the machine's drift. The worst round is what a goal must hold in.",
      "",
      "| key | figure | worst round | median round | best round |",
      "| --- | --- | ---: | ---: | ---: |",
      ...pairedRows,
    );
  }
  lines.push("", "## Notes", "", ...[...STANDING_NOTES, ...notes].map((note) => `- ${note}`));
  return `${lines.join("\n")}\n`;
}
