/**
 * Compares a computed value (a signature or digest) with a claimed one in time that depends only on the
 * computed one's length, so a forger learns nothing from how fast a wrong claim is rejected. A claim of
 * another length is unequal. Both are strings of UTF-16 units (base64url or hex in practice).
 */
export function constantTimeEqual(expected: string, claimed: string): boolean {
  let diff = expected.length ^ claimed.length;
  for (let i = 0; i < expected.length; i++) {
    // Past the end of a shorter claim, charCodeAt is NaN and `| 0` makes it 0: the loop never exits early.
    diff |= expected.charCodeAt(i) ^ (claimed.charCodeAt(i) | 0);
  }
  return diff === 0;
}
