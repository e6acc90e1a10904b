import { faultConformance } from "../../server-sdk/test/conformance.ts";
import { undiciTransport } from "../src/index.ts";

faultConformance({ name: "undici", make: (options) => undiciTransport(options), ownsConnections: true });
