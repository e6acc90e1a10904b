import { restartConformance } from "../../server-sdk/test/restart-conformance.ts";
import { serverConformance } from "../../server-sdk/test/server-conformance.ts";
import { fetchTransport } from "../src/index.ts";

serverConformance({ name: "fetch", make: (options) => fetchTransport(options), ownsConnections: false });
restartConformance({ name: "fetch", make: (options) => fetchTransport(options), ownsConnections: false });
