import { TokenError } from "./errors.ts";

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  w: 604800,
  week: 604800,
  weeks: 604800,
};

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/gy;

/** A duration: seconds as a number, or a string such as `"90s"`, `"10m"`, `"1h30m"`, `"2 days"`. */
export type Duration = number | string;

/**
 * Converts a {@link Duration} to seconds. Throws `invalid_option` unless the result is a positive (or,
 * with `allowZero`, non-negative) finite number; `what` names the option in the message.
 */
export function durationToSeconds(value: Duration, what: string, allowZero = false): number {
  let seconds = Number.NaN;
  if (typeof value === "number") {
    seconds = value;
  } else if (typeof value === "string") {
    seconds = parseDurationString(value.trim().toLowerCase());
  }
  if (!Number.isFinite(seconds) || seconds < 0 || (seconds === 0 && !allowZero)) {
    const sign = allowZero ? "a non-negative" : "a positive";
    throw new TokenError(
      "invalid_option",
      `${what} must be ${sign} finite number of seconds or a duration string such as "10m" or "1h30m"`,
    );
  }
  return seconds;
}

function parseDurationString(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  PART.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let match = PART.exec(text); match !== null; match = PART.exec(text)) {
    const unit = UNIT_SECONDS[match[2]!];
    if (unit === undefined) return Number.NaN;
    total += Number(match[1]) * unit;
    end = PART.lastIndex;
    while (text[end] === " ") end++;
    PART.lastIndex = end;
  }
  return end === text.length && end > 0 ? total : Number.NaN;
}
