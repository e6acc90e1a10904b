import type {} from "vitest";
import type { LiveKitServerInfo, MockServerInfo } from "./types.js";

export type { LiveKitServerInfo, MockServerInfo } from "./types.js";

declare module "vitest" {
  /** Values the livekit-stack global setup provides to integration tests via `inject()`. */
  export interface ProvidedContext {
    /** livekit-server with Redis. */
    livekit: LiveKitServerInfo;
    /** livekit-server without Redis. */
    livekitNoRedis: LiveKitServerInfo;
    /** The release's test-server mock. */
    livekitMock: MockServerInfo;
  }
}
