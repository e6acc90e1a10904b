// @ts-check
// `LIVEKIT_URL=… LIVEKIT_API_KEY=… LIVEKIT_API_SECRET=… pnpm --filter @exlivekit/example-transport-switch start`
import { undiciTransport } from "@exlivekit/transport-undici";
import { createBackend } from "./backend.mjs";

// The one line that picks the HTTP stack. For fetch (Bun, Deno, Workers, or no undici dependency):
//   import { fetchTransport } from "@exlivekit/transport-fetch";  and  createBackend({ transport: fetchTransport() })
const backend = createBackend({ transport: undiciTransport() });

try {
  console.log(JSON.stringify(await backend.runEvent(`standup-${Date.now().toString(36)}`), null, 2));
} finally {
  await backend.close();
}
