// @ts-check
// The browser side: livekit-client asks our token endpoint for credentials with TokenSource.endpoint,
// connects, and publishes the camera. Bundled by src/app.mjs with esbuild.
import { Room, TokenSource, Track } from "livekit-client";

const tokenSource = TokenSource.endpoint("/api/token");
/** @type {Room | undefined} */
let room;

/** @param {string} id */
function element(id) {
  return /** @type {HTMLInputElement} */ (document.getElementById(id));
}

/** @param {string} text */
function show(text) {
  element("status").textContent = text;
}

/**
 * Fetches credentials, joins and publishes the camera.
 * @param {{ roomName: string, participantName: string, agentName?: string }} options
 */
async function join({ roomName, participantName, agentName }) {
  const { serverUrl, participantToken } = await tokenSource.fetch({
    roomName,
    participantName,
    ...(agentName ? { agentName } : {}),
  });
  room = new Room();
  await room.connect(serverUrl, participantToken);
  const camera = await room.localParticipant.setCameraEnabled(true);
  camera?.track?.attach(/** @type {HTMLVideoElement} */ (document.getElementById("self")));
  const published = [...room.localParticipant.trackPublications.values()].map((p) => p.source);
  return { identity: room.localParticipant.identity, room: room.name, published };
}

async function leave() {
  await room?.disconnect();
  room = undefined;
}

element("join").addEventListener("submit", async (event) => {
  event.preventDefault();
  show("joining…");
  try {
    const joined = await join({
      roomName: element("room").value,
      participantName: element("name").value,
      agentName: element("agent").value.trim(),
    });
    const camera = joined.published.includes(Track.Source.Camera) ? " with camera" : "";
    show(`joined ${joined.room} as ${joined.identity}${camera}`);
    element("leave").disabled = false;
  } catch (error) {
    show(`failed: ${error instanceof Error ? error.message : String(error)}`);
  }
});

element("leave").addEventListener("click", async () => {
  await leave();
  show("left");
  element("leave").disabled = true;
});
