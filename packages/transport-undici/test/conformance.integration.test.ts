import { restartConformance } from "../../server-sdk/test/restart-conformance.ts";
import { serverConformance } from "../../server-sdk/test/server-conformance.ts";
import { undiciTransport } from "../src/index.ts";

serverConformance({ name: "undici", make: (options) => undiciTransport(options), ownsConnections: true });
restartConformance({ name: "undici", make: (options) => undiciTransport(options), ownsConnections: true });
