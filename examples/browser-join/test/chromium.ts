import { existsSync } from "node:fs";
import puppeteer, { type Browser } from "puppeteer-core";

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it), or `CHROMIUM_PATH`. */
export const chromiumPath = process.env["CHROMIUM_PATH"] || "/usr/bin/chromium";

/**
 * Starts headless chromium with a fake camera and microphone, allowed without a prompt, and host
 * resolution restricted to 127.0.0.1 so the page can reach nothing else.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no chromium at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  return puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      "--disable-features=WebRtcHideLocalIpsWithMdns",
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ],
  });
}
