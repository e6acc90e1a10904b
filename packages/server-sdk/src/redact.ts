// Three base64url segments separated by dots: a JWT. Servers echo rejected tokens in 401 bodies.
const JWT = /[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
const MAX_LENGTH = 500;

/** Makes server-provided text safe to put in an error message: no tokens, bounded length. */
export function redact(text: string): string {
  const clean = text.replace(JWT, "[redacted token]");
  return clean.length > MAX_LENGTH ? `${clean.slice(0, MAX_LENGTH)}…` : clean;
}
