import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The baseline build for the A/B comparison (`tsx bench/run.ts --ab`): a git ref checked out in a temporary
 * `git worktree`, its dependencies installed (a symlink to this checkout's node_modules when both lockfiles are
 * byte-identical, `npm ci` otherwise, so the baseline runs on its own dependency versions) and built with its own
 * `npm run build`. `remove()` deletes the worktree; it also runs when this process exits, however it exits.
 */

export const DEFAULT_BASELINE = "3d25b57";

export interface BaselineCheckout {
  ref: string;
  /** The full commit the ref resolved to. */
  commit: string;
  dir: string;
  /** How its node_modules came about. */
  dependencies: "symlinked (identical lockfile)" | "npm ci";
  remove(): void;
}

export function prepareBaseline(root: string, ref: string, say: (line: string) => void): BaselineCheckout {
  const git = (...args: string[]) => run("git", args, root);
  const commit = git("rev-parse", "--verify", `${ref}^{commit}`).trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dos-subgraph-baseline-"));
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    try {
      execFileSync("git", ["worktree", "remove", "--force", dir], { cwd: root, stdio: "ignore" });
    } catch {
      // Not registered (the add failed): the directory below is all there is.
    }
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      execFileSync("git", ["worktree", "prune"], { cwd: root, stdio: "ignore" });
    } catch {
      // Best effort: a stale entry is pruned by git itself later.
    }
  };
  process.once("exit", remove);
  try {
    say(`baseline ${ref} (${commit.slice(0, 12)}): git worktree at ${dir} …`);
    git("worktree", "add", "--detach", dir, commit);
    const sameLockfile =
      fs.readFileSync(path.join(root, "package-lock.json"), "utf8") ===
      fs.readFileSync(path.join(dir, "package-lock.json"), "utf8");
    let dependencies: BaselineCheckout["dependencies"];
    if (sameLockfile) {
      fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
      dependencies = "symlinked (identical lockfile)";
    } else {
      say(`baseline ${ref}: lockfile differs from this checkout's, npm ci (about a minute) …`);
      run("npm", ["ci", "--no-audit", "--no-fund"], dir);
      dependencies = "npm ci";
    }
    say(`baseline ${ref}: npm run build …`);
    run("npm", ["run", "--silent", "build"], dir);
    if (!fs.existsSync(path.join(dir, "dist", "index.js")))
      throw new Error(`baseline ${ref}: its build produced no dist/index.js`);
    return { ref, commit, dir, dependencies, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** Runs a command to completion; on failure the error carries the end of its output. */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    const output = `${failed.stdout ?? ""}${failed.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(`${command} ${args.join(" ")} (in ${cwd}) failed: ${failed.message}\n${output}`);
  }
}
