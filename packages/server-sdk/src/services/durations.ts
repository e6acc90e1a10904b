import type { MessageInitShape } from "@bufbuild/protobuf";
import type { DurationSchema } from "@bufbuild/protobuf/wkt";
import { InvalidArgumentError } from "../errors.ts";
import { requireOptions } from "../validate.ts";

/** A duration: seconds as a number (`30`, `1.5`), or a protobuf `Duration` (`{ seconds: 30n }`). */
export type DurationInput = number | Omit<MessageInitShape<typeof DurationSchema>, "$typeName">;

/** A `Duration` init from seconds or a `Duration`; undefined stays undefined. */
export function duration(argument: string, value: DurationInput | undefined) {
  if (value === undefined) return undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) {
      throw new InvalidArgumentError(argument, `must be a non-negative number of seconds, got ${value}`);
    }
    const seconds = Math.floor(value);
    return { seconds: BigInt(seconds), nanos: Math.round((value - seconds) * 1e9) };
  }
  return requireOptions(argument, value);
}

/** Milliseconds of a `Duration` init. */
export function durationMs(value: { seconds?: bigint; nanos?: number } | undefined): number | undefined {
  if (value === undefined) return undefined;
  return Number(value.seconds ?? 0n) * 1000 + Math.ceil((value.nanos ?? 0) / 1e6);
}
