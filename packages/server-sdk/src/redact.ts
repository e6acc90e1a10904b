// Server text (Twirp msg and meta, non-JSON bodies, content types) goes into error messages. It is cut to
// a fixed prefix before anything scans it, and the scan is one pass over runs of token characters, so a
// hostile 1 MB body costs microseconds instead of a backtracking pattern's seconds.

/** Characters scanned at most; redaction only ever looks at this prefix. */
const MAX_SCAN = 2_048;
/** Characters kept in the message. */
const MAX_LENGTH = 500;
/** JWT segments are base64url; a run of these (dots included) is a candidate token. */
const RUN = /[A-Za-z0-9_.-]+/g;
const MIN_SEGMENT = 8;

/** Three consecutive dot-separated segments of at least 8 characters: a JWT. Servers echo rejected tokens. */
function looksLikeToken(run: string, cut: boolean): boolean {
  let streak = 0;
  let length = 0;
  for (let i = 0; i <= run.length; i++) {
    if (i === run.length || run.charCodeAt(i) === 46 /* . */) {
      streak = length >= MIN_SEGMENT ? streak + 1 : 0;
      if (streak >= 3) return true;
      length = 0;
    } else {
      length++;
    }
  }
  // A run the scan limit cut off may be the start of a token: hide it rather than show part of one.
  return cut && run.length >= MIN_SEGMENT;
}

/** Makes server-provided text safe to put in an error message: no tokens, bounded length, linear time. */
export function redact(text: string): string {
  const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const truncated = scanned.length < text.length;
  const clean = scanned.replace(RUN, (run, offset: number) =>
    looksLikeToken(run, truncated && offset + run.length === scanned.length) ? "[redacted token]" : run,
  );
  return clean.length > MAX_LENGTH || truncated ? `${clean.slice(0, MAX_LENGTH)}…` : clean;
}
