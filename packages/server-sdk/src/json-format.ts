// `@exlivekit/server-sdk/json`: the JSON wire format, an opt-in. It brings the generated JSON codecs of
// the SDK's services (no descriptors); a program that never imports it bundles none of them.

import type { Message } from "@bufbuild/protobuf";
import { AgentDispatchServiceJson } from "@exlivekit/protocol/json/agent_dispatch";
import { AgentSimulationJson } from "@exlivekit/protocol/json/agent_simulation";
import { CloudAgentJson } from "@exlivekit/protocol/json/cloud_agent";
import { ReplayJson } from "@exlivekit/protocol/json/cloud_replay";
import { ConnectorJson } from "@exlivekit/protocol/json/connector";
import { EgressJson } from "@exlivekit/protocol/json/egress";
import { IngressJson } from "@exlivekit/protocol/json/ingress";
import { PhoneNumberServiceJson } from "@exlivekit/protocol/json/phone_number";
import { RoomServiceJson } from "@exlivekit/protocol/json/room";
import { SIPJson } from "@exlivekit/protocol/json/sip";
import type { JsonMethod } from "@exlivekit/protocol/wire/runtime";
import type { Rpc } from "./twirp-caller.ts";
import type { WireCodec } from "./twirp-codec.ts";

type AnyJsonMethod = JsonMethod<Message, Message>;

const tables = [
  AgentDispatchServiceJson,
  AgentSimulationJson,
  CloudAgentJson,
  ConnectorJson,
  EgressJson,
  IngressJson,
  PhoneNumberServiceJson,
  ReplayJson,
  RoomServiceJson,
  SIPJson,
];
let byLabel: Map<string, AnyJsonMethod> | undefined;

function methodOf(rpc: Rpc): AnyJsonMethod {
  byLabel ??= new Map(
    tables.flatMap((table) =>
      (Object.values(table) as AnyJsonMethod[]).map((m) => [`${m.service}/${m.name}`, m] as const),
    ),
  );
  const method = byLabel.get(rpc.label);
  if (method === undefined) throw new Error(`${rpc.label} has no JSON codec`);
  return method;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The JSON wire format: `new Client({ ..., format: jsonFormat })`. Requests are written as protobuf JSON,
 * responses read as protobuf JSON ignoring fields this version does not know. Slower and larger than the
 * default binary format; meant for debugging through proxies that show bodies.
 */
export const jsonFormat: WireCodec = {
  name: "json",
  contentType: "application/json",
  encode(rpc, message) {
    const json = rpc.json;
    if (json !== undefined) return json.encode(message);
    return encoder.encode(JSON.stringify(methodOf(rpc).write(message as Message)));
  },
  decode(rpc, body) {
    const json = rpc.json;
    if (json !== undefined) return json.decode(body);
    return methodOf(rpc).read(JSON.parse(decoder.decode(body)));
  },
};
