/**
 * Compares a computed digest with a claimed one in time that depends only on the computed one's length,
 * so a forger learns nothing from how fast a wrong `sha256` claim is rejected.
 */
export function constantTimeEqual(expected: string, claimed: string): boolean {
  let diff = expected.length ^ claimed.length;
  for (let i = 0; i < expected.length; i++) {
    diff |= expected.charCodeAt(i) ^ (claimed.charCodeAt(i) | 0);
  }
  return diff === 0;
}
