import fs from "node:fs";
import path from "node:path";
import { sharedPath } from "../../helpers/shared";

/**
 * Every DoS response document the decoder tests read: the published samples and legacy fixtures (../shared,
 * which must be present) and the project's own fixtures under test/fixtures/dos/<operation>/.
 */
export function responseFiles(): { name: string; body: string }[] {
  const fixtures = path.resolve(__dirname, "../../fixtures/dos");
  const dirs = [
    sharedPath("reference", "dos", "samples", "responses"),
    sharedPath("reference", "dos", "samples", "legacy-test-fixtures"),
    ...fs.readdirSync(fixtures).map(operation => path.join(fixtures, operation)),
  ];
  return dirs.flatMap(dir =>
    fs
      .readdirSync(dir)
      .filter(file => file.endsWith(".xml"))
      .map(file => ({ name: path.join(path.basename(dir), file), body: fs.readFileSync(path.join(dir, file), "utf8") })),
  );
}
