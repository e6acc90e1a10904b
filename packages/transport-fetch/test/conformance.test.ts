import { faultConformance } from "../../server-sdk/test/conformance.ts";
import { fetchTransport } from "../src/index.ts";

faultConformance({ name: "fetch", make: (options) => fetchTransport(options), ownsConnections: false });
