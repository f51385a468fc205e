// Finds OpenClaw's config functions inside the installed package. They are not exported from
// its entry points; they sit in hashed chunks under dist/, found by their `//#region` markers.
// Shared by generate.mjs (the oracle corpus) and bench/openclaw_peer.mjs (the benchmark peer).

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

export function openOpenclaw(root) {
  const pkgRoot = path.resolve(root);
  const distDir = path.join(pkgRoot, "dist");
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgRoot, "package.json"), "utf8"));

  // ---------------------------------------------------------------------------
  // locate chunks
  // ---------------------------------------------------------------------------
  const distFiles = fs
    .readdirSync(distDir)
    .filter((f) => f.endsWith(".mjs"))
    .sort();

  function findChunk(region, requiredExports = []) {
    const marker = `//#region ${region}\n`;
    const hits = [];
    for (const f of distFiles) {
      const text = fs.readFileSync(path.join(distDir, f), "utf8");
      if (!text.includes(marker)) continue;
      const exportsMap = parseExports(text);
      if (requiredExports.every((name) => exportsMap.has(name))) hits.push({ file: f, text, exportsMap });
    }
    if (hits.length !== 1) {
      throw new Error(`expected exactly one dist chunk with region ${region} exporting ${requiredExports.join(", ")}; found ${hits.map((h) => h.file).join(", ") || "none"}`);
    }
    return hits[0];
  }

  // `export { local as alias, other as b };` -> Map(local -> alias)
  function parseExports(text) {
    const map = new Map();
    const re = /^export \{([^}]*)\};?\s*$/gm;
    let m;
    while ((m = re.exec(text))) {
      for (const part of m[1].split(",")) {
        const p = part.trim();
        if (!p) continue;
        const mm = /^([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(p);
        if (mm) map.set(mm[1], mm[2] ?? mm[1]);
      }
    }
    return map;
  }

  async function load(chunk, names) {
    const mod = await import(pathToFileURL(path.join(distDir, chunk.file)).href);
    const out = {};
    for (const n of names) {
      const fn = mod[chunk.exportsMap.get(n)];
      if (typeof fn !== "function") throw new Error(`${chunk.file}: export ${n} is not a function`);
      out[n] = fn;
    }
    return out;
  }
  return { pkgRoot, distDir, distFiles, pkg, findChunk, load };
}
