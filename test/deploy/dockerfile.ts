import { readFileSync } from "node:fs";
import path from "node:path";

/** The repository root, where the Dockerfile builds from. */
export const ROOT = path.resolve(__dirname, "../..");

/** The Dockerfile's instructions, continuation lines joined, comments and blank lines dropped. */
export const instructions = readFileSync(path.join(ROOT, "Dockerfile"), "utf8")
  .replace(/\\\n/g, " ")
  .split("\n")
  .map(line => line.trim())
  .filter(line => line && !line.startsWith("#"));

export const stages = instructions.filter(instruction => /^FROM /i.test(instruction));

/** The instructions of the last stage: what the image runs. */
export const runtime = instructions.slice(instructions.lastIndexOf(stages[stages.length - 1]));

/** The exec-form argument list of the runtime stage's `CMD`, or of its `HEALTHCHECK … CMD`. */
export function execForm(keyword: "CMD" | "HEALTHCHECK"): string[] {
  const instruction = runtime.find(candidate => candidate.startsWith(`${keyword} `));
  const json = instruction && /CMD (\[.*\])$/.exec(instruction)?.[1];
  if (!json) throw new Error(`the Dockerfile's runtime stage has no exec-form ${keyword}`);
  return JSON.parse(json) as string[];
}

/** The variables the runtime stage sets with `ENV` (`KEY=value` pairs). */
export function runtimeEnv(): Record<string, string> {
  return Object.fromEntries(
    runtime
      .filter(instruction => instruction.startsWith("ENV "))
      .flatMap(instruction => instruction.slice(4).trim().split(/\s+/))
      .map(pair => pair.split("=", 2) as [string, string]),
  );
}
