#!/usr/bin/env node
// Runs every case in cases.mjs through the real `openclaw` npm package and
// writes openclaw_cases.json next to this file.
//
//   OPENCLAW_PATH=/tmp/openclaw-oracle/node_modules/openclaw node generate.mjs
//
// The package bundles its sources into hashed dist chunks and does not export
// these functions from its public entry points, so the chunks are located by
// their `//#region src/...` markers and the minified export aliases are read
// from each chunk's `export { ... }` statement.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as cases from "./cases.mjs";
import { openOpenclaw } from "./loader.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const outPath = path.resolve(process.env.OPENCLAW_CASES_OUT ?? path.join(here, "openclaw_cases.json"));
const { pkgRoot, distDir, distFiles, pkg, findChunk, load } = openOpenclaw(
  process.env.OPENCLAW_PATH ?? "/tmp/openclaw-oracle/node_modules/openclaw",
);

const envChunk = findChunk("src/config/env-substitution.ts", ["resolveConfigEnvVars", "MissingEnvVarError"]);
const redactChunk = findChunk("src/config/redact-snapshot.ts", ["redactConfigObject", "restoreRedactedValues"]);
const { resolveConfigEnvVars } = await load(envChunk, ["resolveConfigEnvVars"]);
const { redactConfigObject, restoreRedactedValues } = await load(redactChunk, ["redactConfigObject", "restoreRedactedValues"]);

// Supporting chunks whose logic the three functions depend on (listed for provenance).
const supportRegions = [
  "src/config/sensitive-paths.ts",
  "src/config/redact-sentinel.ts",
  "packages/net-policy/src/redact-sensitive-url.ts",
  "src/shared/dot-path.ts",
  "src/config/types.secrets.ts",
  "packages/normalization-core/src/record-coerce.ts",
  "packages/normalization-core/src/string-coerce.ts",
  "src/infra/plain-object.ts",
];
const supportFiles = [];
for (const region of supportRegions) {
  const marker = `//#region ${region}\n`;
  const owners = distFiles.filter((f) => fs.readFileSync(path.join(distDir, f), "utf8").includes(marker));
  // Several chunks may inline the same region; prefer the ones imported by our two chunks.
  const imported = owners.filter((f) => envChunk.text.includes(`"./${f}"`) || redactChunk.text.includes(`"./${f}"`));
  const pick = imported.length > 0 ? imported : owners;
  if (pick.length === 0) throw new Error(`no dist chunk holds region ${region}`);
  for (const f of pick) supportFiles.push(`dist/${f}`);
}

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------
function jsonClone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function assertPlainJson(value, where) {
  const again = JSON.stringify(jsonClone(value));
  if (again !== JSON.stringify(value)) throw new Error(`${where}: input is not plain JSON`);
  const walk = (v, p) => {
    if (v === undefined) throw new Error(`${where}: undefined at ${p}`);
    if (typeof v === "number" && !Number.isFinite(v)) throw new Error(`${where}: non-finite number at ${p}`);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
    else if (v && typeof v === "object") {
      if (Object.getPrototypeOf(v) !== Object.prototype) throw new Error(`${where}: non-plain object at ${p}`);
      for (const [k, x] of Object.entries(v)) walk(x, `${p}.${k}`);
    }
  };
  walk(value, "$");
}

// Paths (concrete, `a.b[0]`) where the output holds `undefined`; JSON cannot
// carry it (arrays serialise it as null, objects drop the key).
function undefinedPaths(value) {
  const out = [];
  const walk = (v, p) => {
    if (v === undefined) {
      out.push(p || "<root>");
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i += 1) walk(v[i], `${p}[${i}]`);
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
    }
  };
  walk(value, "");
  return out;
}

function setAt(root, pathParts, value) {
  let cur = root;
  for (let i = 0; i < pathParts.length - 1; i += 1) cur = cur[pathParts[i]];
  cur[pathParts[pathParts.length - 1]] = value;
}
function getAt(root, pathParts) {
  let cur = root;
  for (const p of pathParts) cur = cur[p];
  return cur;
}

const seen = new Set();
function checkName(kind, name) {
  if (typeof name !== "string" || !name) throw new Error(`${kind}: case without name`);
  const key = `${kind}/${name}`;
  if (seen.has(key)) throw new Error(`duplicate case name ${key}`);
  seen.add(key);
}

function withUndefinedInfo(entry, value) {
  const paths = undefinedPaths(value);
  if (paths.length > 0) entry.undefined_paths = paths;
  return entry;
}

// ---------------------------------------------------------------------------
// resolve
// ---------------------------------------------------------------------------
const resolveOut = [];
for (const c of cases.resolve) {
  checkName("resolve", c.name);
  assertPlainJson(c.config, `resolve/${c.name}.config`);
  assertPlainJson(c.env, `resolve/${c.name}.env`);
  const entry = { name: c.name, config: c.config, env: c.env };
  if (c.lenient) entry.lenient = true;
  const missing = [];
  const pending = [];
  const resolved = [];
  const opts = {
    onPendingEnvSecretRef: (id, configPath) => pending.push({ id, configPath }),
    onResolvedEnvSecretRef: (id, configPath) => resolved.push({ id, configPath }),
  };
  if (c.lenient) opts.onMissing = (w) => missing.push({ varName: w.varName, configPath: w.configPath });
  const before = JSON.stringify(c.config);
  try {
    const result = resolveConfigEnvVars(jsonClone(c.config), { ...c.env }, opts);
    entry.expected = result;
    withUndefinedInfo(entry, result);
  } catch (err) {
    entry.error = String(err?.message ?? err);
    entry.error_name = err?.name;
  }
  if (JSON.stringify(c.config) !== before) throw new Error(`resolve/${c.name}: case input mutated`);
  if (c.lenient) entry.missing = missing;
  if (pending.length > 0) entry.pending_env_secret_refs = pending;
  if (resolved.length > 0) entry.resolved_env_secret_refs = resolved;
  resolveOut.push(entry);
}

// ---------------------------------------------------------------------------
// redact
// ---------------------------------------------------------------------------
const redactOut = [];
for (const c of cases.redact) {
  checkName("redact", c.name);
  assertPlainJson(c.config, `redact/${c.name}.config`);
  const input = jsonClone(c.config);
  const result = redactConfigObject(input);
  if (JSON.stringify(input) !== JSON.stringify(c.config)) throw new Error(`redact/${c.name}: function mutated its input`);
  redactOut.push(withUndefinedInfo({ name: c.name, config: c.config, expected: result }, result));
}

// ---------------------------------------------------------------------------
// restore
// ---------------------------------------------------------------------------
const restoreOut = [];
for (const c of cases.restore) {
  checkName("restore", c.name);
  assertPlainJson(c.original, `restore/${c.name}.original`);
  let edited;
  if (c.roundtrip) {
    edited = jsonClone(redactConfigObject(jsonClone(c.original)));
    for (const parts of c.reverse_arrays_at ?? []) getAt(edited, parts).reverse();
    for (const [parts, value] of c.mutate_after_redact ?? []) setAt(edited, parts, value);
  } else {
    edited = c.edited;
  }
  assertPlainJson(edited, `restore/${c.name}.edited`);
  const entry = { name: c.name, original: c.original, edited };
  if (c.roundtrip) entry.edited_from_redact = true;
  const editedInput = jsonClone(edited);
  const originalInput = jsonClone(c.original);
  const res = restoreRedactedValues(editedInput, originalInput);
  if (JSON.stringify(editedInput) !== JSON.stringify(edited) || JSON.stringify(originalInput) !== JSON.stringify(c.original)) {
    throw new Error(`restore/${c.name}: function mutated its input`);
  }
  if (res.ok) {
    entry.expected = res.result;
    withUndefinedInfo(entry, res.result);
  } else if (res.humanReadableMessage !== undefined) {
    entry.error = res.humanReadableMessage;
    entry.error_field = "humanReadableMessage";
  } else {
    entry.error = res.error;
    entry.error_field = "error";
  }
  restoreOut.push(entry);
}

// ---------------------------------------------------------------------------
// write
// ---------------------------------------------------------------------------
const output = {
  openclaw_version: pkg.version,
  node_version: process.version,
  source_files: [`dist/${envChunk.file}`, `dist/${redactChunk.file}`, ...supportFiles.filter((f, i, a) => a.indexOf(f) === i)],
  functions: {
    resolve: { file: `dist/${envChunk.file}`, export: envChunk.exportsMap.get("resolveConfigEnvVars"), name: "resolveConfigEnvVars" },
    redact: { file: `dist/${redactChunk.file}`, export: redactChunk.exportsMap.get("redactConfigObject"), name: "redactConfigObject" },
    restore: { file: `dist/${redactChunk.file}`, export: redactChunk.exportsMap.get("restoreRedactedValues"), name: "restoreRedactedValues" },
  },
  resolve: resolveOut,
  redact: redactOut,
  restore: restoreOut,
};
fs.writeFileSync(outPath, JSON.stringify(output, null, 2) + "\n");
process.stderr.write(
  `openclaw ${pkg.version}: ${resolveOut.length} resolve, ${redactOut.length} redact, ${restoreOut.length} restore cases -> ${outPath}\n`,
);
