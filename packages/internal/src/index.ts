// The helpers the published packages share, written once. Private: each package's build (tsup.shared.ts)
// inlines what it uses, so no published package depends on this one and no .d.ts mentions it.

export { constantTimeEqual } from "./constant-time-equal.ts";
export { describeValue } from "./describe-value.ts";
export { isObject } from "./is-object.ts";
