// Shapes shared by every service module: what a caller may set on a request, and what a response must hold.
import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import { MalformedResponseError } from "../errors.ts";

/** The fields a caller may set on a request message: its init shape without the `$typeName` tag. */
export type Fields<S extends DescMessage> = Omit<MessageInitShape<S>, "$typeName">;

/** A response's message field that a success must carry (`GetPhoneNumberResponse.phoneNumber`, ...). */
export function present<T>(value: T | undefined, rpcLabel: string, field: string): T {
  if (value === undefined) {
    throw new MalformedResponseError(`${rpcLabel} answered without ${field}`, { status: 200 });
  }
  return value;
}
