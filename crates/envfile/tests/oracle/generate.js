#!/usr/bin/env node
'use strict'
// Runs every case of cases.js through the real npm `dotenv` parse() and writes
// dotenv_cases.json next to this script.
//
// Environment:
//   DOTENV_PATH          (required) path to an installed dotenv package,
//                        e.g. /tmp/dotenv-oracle/node_modules/dotenv  (16.x)
//   DOTENV_COMPARE_PATH  (optional) a second install, e.g. dotenv 17.x; every
//                        case is also parsed with it and any difference makes
//                        the script fail (nothing is written then)
//   OUT                  (optional) output file; default ./dotenv_cases.json
//                        beside this script
//
// Output: {"dotenv_version": "...", "also_identical_in": [...], "cases":
//   [{"name", "input", "expected": [[key, value], ...]}]}
// where `expected` is Object.entries() of the object parse() returned (that is
// JavaScript's own property order: integer-like keys first in ascending order,
// then the other keys in first-insertion order).

const path = require('path')
const fs = require('fs')

function load (dir) {
  if (!dir) return null
  const abs = path.resolve(dir)
  const pkg = JSON.parse(fs.readFileSync(path.join(abs, 'package.json'), 'utf8'))
  if (pkg.name !== 'dotenv') throw new Error(`${abs} is not the dotenv package`)
  const mod = require(abs)
  return { dir: abs, version: pkg.version, parse: mod.parse }
}

// JSON.stringify, then every non-ASCII UTF-16 unit written as \uXXXX (astral
// characters become surrogate-pair escapes), so that invisible characters
// (BOM, NBSP, U+2028, ...) are visible in review and the file is pure ASCII.
// One case per line keeps diffs readable.
function toJson (v) {
  return JSON.stringify(v).replace(/[\u007f-\uffff]/g, ch => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'))
}

function serialize (out) {
  const head = Object.keys(out).filter(k => k !== 'cases').map(k => `  ${toJson(k)}: ${toJson(out[k])},\n`).join('')
  const body = out.cases.map(c => '    ' + toJson(c)).join(',\n')
  return `{\n${head}  "cases": [\n${body}\n  ]\n}\n`
}

function run (dotenv, cases) {
  return cases.map(({ name, input }) => {
    const parsed = dotenv.parse(Buffer.from(input, 'utf8'))
    return { name, input, expected: Object.entries(parsed) }
  })
}

function main () {
  const primary = load(process.env.DOTENV_PATH)
  if (!primary) {
    console.error('set DOTENV_PATH to an installed dotenv package (see README.md)')
    process.exit(2)
  }
  const compare = load(process.env.DOTENV_COMPARE_PATH)
  const cases = require('./cases.js')

  // sanity checks on the corpus itself
  const seen = new Set()
  for (const { name, input } of cases) {
    if (typeof name !== 'string' || !/^[a-z0-9_]+$/.test(name)) throw new Error(`bad case name: ${JSON.stringify(name)}`)
    if (seen.has(name)) throw new Error(`duplicate case name: ${name}`)
    seen.add(name)
    if (typeof input !== 'string') throw new Error(`input of ${name} is not a string`)
    if (Buffer.from(input, 'utf8').toString('utf8') !== input) {
      throw new Error(`input of ${name} does not round-trip through UTF-8 (lone surrogate?)`)
    }
  }

  const results = run(primary, cases)
  const out = { dotenv_version: primary.version }

  if (compare) {
    const other = run(compare, cases)
    const diffs = []
    for (let i = 0; i < results.length; i++) {
      const a = JSON.stringify(results[i].expected)
      const b = JSON.stringify(other[i].expected)
      if (a !== b) diffs.push({ name: results[i].name, [primary.version]: results[i].expected, [compare.version]: other[i].expected })
    }
    if (diffs.length) {
      console.error(`dotenv ${primary.version} and ${compare.version} differ on ${diffs.length} case(s):`)
      console.error(JSON.stringify(diffs, null, 2))
      process.exit(1)
    }
    console.error(`dotenv ${primary.version} and ${compare.version} agree on all ${results.length} cases`)
    out.also_identical_in = [compare.version]
  }

  out.cases = results
  const file = process.env.OUT || path.join(__dirname, 'dotenv_cases.json')
  fs.writeFileSync(file, serialize(out))
  console.error(`wrote ${results.length} cases from dotenv ${primary.version} to ${file}`)
}

main()
