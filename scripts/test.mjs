#!/usr/bin/env node
// The one test command: builds the web app (browser journeys use it), then runs
// every Vitest tier. Without Debian's Chromium the browser journeys are skipped, loudly.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!fs.existsSync("/usr/bin/chromium")) {
  console.warn("\n\x1b[41m\x1b[97m WARNING \x1b[0m /usr/bin/chromium not found: browser journeys (e2e/) will be SKIPPED.");
  console.warn("          Install it with: apt-get install chromium   (.ci/run does this)\n");
}
console.log(`database: ${process.env.DATABASE_URL ? "PostgreSQL server (DATABASE_URL)" : "embedded PGlite"}`);
run("npm", ["run", "build:web", "--silent"]);
run("npx", ["vitest", "run", ...process.argv.slice(2)]);
