// The benchmark peer: OpenClaw's own JSON5 parse, ${VAR} resolution and redaction, on one file.
// Usage: OPENCLAW_PATH=…/node_modules/openclaw node openclaw_peer.mjs CONFIG ENVFILE RUNS
// Prints the mean milliseconds per run (parse + resolve + redact), after one warm-up run.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { openOpenclaw } from "../crates/openclaw/tests/oracle/loader.mjs";

const [configPath, envPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 10);
const { pkgRoot, findChunk, load } = openOpenclaw(process.env.OPENCLAW_PATH);
const JSON5 = createRequire(path.join(pkgRoot, "package.json"))("json5");
const { resolveConfigEnvVars } = await load(findChunk("src/config/env-substitution.ts", ["resolveConfigEnvVars"]), ["resolveConfigEnvVars"]);
const { redactConfigObject } = await load(findChunk("src/config/redact-snapshot.ts", ["redactConfigObject"]), ["redactConfigObject"]);
const env = Object.fromEntries(
  fs.readFileSync(envPath, "utf8").split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
);

function once() {
  const text = fs.readFileSync(configPath, "utf8");
  const resolved = resolveConfigEnvVars(JSON5.parse(text), env);
  return JSON.stringify(redactConfigObject(resolved), null, 2).length;
}
once();
const start = process.hrtime.bigint();
for (let i = 0; i < runs; i++) once();
console.log((Number(process.hrtime.bigint() - start) / 1e6 / runs).toFixed(1));
