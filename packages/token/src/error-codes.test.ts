// Every TokenErrorCode is asserted by the builder and verifier tests; this fails when a code is added to
// the union (or a new `…ErrorCode` union is exported) without a test that asserts it.
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { untestedErrorCodes } from "../../../scripts/error-code-coverage.mjs";

it("no code of any error union is left without a test", () => {
  const packageDir = fileURLToPath(new URL("..", import.meta.url));
  expect(untestedErrorCodes(packageDir, [])).toEqual([]);
}, 60_000);
