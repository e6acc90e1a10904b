import { describe, expectTypeOf, it } from "vitest";
import type { Client } from "../client.ts";
import type { CallOptions } from "../twirp-caller.ts";
import type {
  EgressSource,
  ParticipantEgressOptions,
  RoomCompositeEgressOptions,
  StartEgressOptions,
  TrackCompositeEgressOptions,
  TrackEgressOptions,
  WebEgressOptions,
} from "./egress.ts";
import { EgressService } from "./egress.ts";
import type { EgressOutputs, TrackEgressOutput, UnifiedEgressOutput } from "./egress-outputs.ts";

// One argument order for every egress start (the README's "Conventions"): the client, what is recorded
// (the room or URL, then the participant or track inside the room), the output, the options, CallOptions.
// The official SDK's startTrackEgress(room, output, trackId) is the exception there; here trackId is the
// subject like startParticipantEgress's identity. tsc checks these (`pnpm typecheck`), so a reordered
// signature fails the build.
describe("egress starts", () => {
  it("take the subject, then the output, then options, then CallOptions", () => {
    expectTypeOf(EgressService.startRoomCompositeEgress).parameters.toEqualTypeOf<
      [Client, string, EgressOutputs, RoomCompositeEgressOptions?, CallOptions?]
    >();
    expectTypeOf(EgressService.startWebEgress).parameters.toEqualTypeOf<
      [Client, string, EgressOutputs, WebEgressOptions?, CallOptions?]
    >();
    expectTypeOf(EgressService.startParticipantEgress).parameters.toEqualTypeOf<
      [Client, string, string, EgressOutputs, ParticipantEgressOptions?, CallOptions?]
    >();
    expectTypeOf(EgressService.startTrackEgress).parameters.toEqualTypeOf<
      [Client, string, string, TrackEgressOutput, TrackEgressOptions?, CallOptions?]
    >();
    // The track ids live in the options: either one may be left out.
    expectTypeOf(EgressService.startTrackCompositeEgress).parameters.toEqualTypeOf<
      [Client, string, EgressOutputs, TrackCompositeEgressOptions, CallOptions?]
    >();
    expectTypeOf(EgressService.startEgress).parameters.toEqualTypeOf<
      [
        Client,
        string,
        EgressSource,
        UnifiedEgressOutput | readonly UnifiedEgressOutput[],
        StartEgressOptions?,
        CallOptions?,
      ]
    >();
  });
});
