import fs from "node:fs";
import path from "node:path";

/** The shared reference material CI places beside the checkout: `<repo>/../shared`. */
const SHARED_ROOT = path.resolve(__dirname, "..", "..", "..", "shared");

/**
 * Absolute path of a file or folder inside `../shared`. Throws (failing the calling test with the reason) when
 * the shared material is missing, instead of letting the test pass vacuously or fail on an obscure ENOENT.
 */
export function sharedPath(...parts: string[]): string {
  const target = path.join(SHARED_ROOT, ...parts);
  if (!fs.existsSync(target)) {
    throw new Error(
      `This test needs the shared reference material at ${target}; ` +
        "CI provides it beside the checkout as ../shared",
    );
  }
  return target;
}
