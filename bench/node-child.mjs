// A bench script in a fresh Node process whose last line of output is JSON (the cold-start,
// memory and load scripts print one such line).
import { spawn } from "node:child_process";

/** Runs `node <args>` and resolves to its last output line, parsed, with `wallMs` (spawn to
 * exit as seen from here) added; rejects with the end of its stderr when it fails. */
export function runNode(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.once("exit", (code) => {
      const wall = performance.now() - t0;
      if (code !== 0) return reject(new Error(`node ${args.join(" ")} exited ${code}: ${err.trim().slice(-800)}`));
      try {
        resolve({ ...JSON.parse(out.trim().split("\n").pop()), wallMs: wall });
      } catch {
        reject(new Error(`bad output from ${args.join(" ")}: ${out.slice(0, 300)} ${err.slice(-300)}`));
      }
    });
  });
}
