import type { MessageInitShape } from "@bufbuild/protobuf";
import type { DurationSchema } from "@bufbuild/protobuf/wkt";
import { type Duration, durationToSeconds, isTokenError } from "@exlivekit/token";
import { InvalidArgumentError } from "../errors.ts";
import { requireOptions } from "../validate.ts";

/**
 * A duration, as everywhere in ExLivekit: seconds as a number (`30`, `1.5`) or a string such as `"90s"`,
 * `"10m"`, `"1h30m"` (the token package's `Duration`, parsed by the same function), or a protobuf
 * `Duration` (`{ seconds: 30n }`). Call deadlines are the one exception: `timeoutMs`, in milliseconds.
 */
export type DurationInput = Duration | Omit<MessageInitShape<typeof DurationSchema>, "$typeName">;

/** A `Duration` init from seconds, a duration string or a `Duration`; undefined stays undefined. */
export function duration(argument: string, value: DurationInput | undefined) {
  if (value === undefined) return undefined;
  if (typeof value === "number" || typeof value === "string") {
    let total: number;
    try {
      total = durationToSeconds(value, argument, true);
    } catch (cause) {
      if (!isTokenError(cause)) throw cause;
      throw new InvalidArgumentError(argument, cause.message.replace(`${argument} `, ""));
    }
    const seconds = Math.floor(total);
    return { seconds: BigInt(seconds), nanos: Math.round((total - seconds) * 1e9) };
  }
  return requireOptions(argument, value);
}

/** Milliseconds of a `Duration` init. */
export function durationMs(value: { seconds?: bigint; nanos?: number } | undefined): number | undefined {
  if (value === undefined) return undefined;
  return Number(value.seconds ?? 0n) * 1000 + Math.ceil((value.nanos ?? 0) / 1e6);
}
