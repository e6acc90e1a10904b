// @ts-check
// `pnpm --filter @exlivekit/example-express-webhooks start`: the app on PORT (default 3000), with the
// credentials from LIVEKIT_API_KEY / LIVEKIT_API_SECRET. Point the server's webhook.urls at
// http://<host>:<port>/livekit/webhook.
import { createApp } from "./app.mjs";

const apiKey = process.env["LIVEKIT_API_KEY"];
const apiSecret = process.env["LIVEKIT_API_SECRET"];
if (!apiKey || !apiSecret) {
  console.error("Set LIVEKIT_API_KEY and LIVEKIT_API_SECRET.");
  process.exit(1);
}
const port = Number(process.env["PORT"] ?? 3000);
createApp({
  apiKey,
  apiSecret,
  onEvent: (event) => console.log(`${event.event} room=${event.room?.name ?? "-"} id=${event.id}`),
}).listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
