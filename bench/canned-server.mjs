// The canned-response server (server.mjs) in a child process of its own, for every bench script.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** Starts server.mjs (with `env` added to the environment) and resolves once it listens:
 * `url` is its API base (`…/v1`), `stats()` its request counters, `stop()` ends it. */
export function startServer(env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL("server.mjs", import.meta.url))], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...env },
    });
    const stop = () => child.kill("SIGTERM");
    createInterface({ input: child.stdout }).once("line", (line) => {
      const m = /^LISTENING (\d+)$/.exec(line);
      if (!m) {
        stop();
        return reject(new Error(`server said: ${line}`));
      }
      const origin = `http://127.0.0.1:${m[1]}`;
      resolve({
        origin,
        url: `${origin}/v1`,
        stats: async () => (await fetch(`${origin}/__stats`)).json(),
        stop,
      });
    });
    child.once("exit", (code) => reject(new Error(`server exited early (${code})`)));
  });
}
