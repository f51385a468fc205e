#!/usr/bin/env bash
# Benchmarks for `check`, each beside a peer in the same run (ratios, not absolute times: the
# machines are noisy).
#   1. `check` on the shipped example, whole (git history included) and with --no-git.
#   2. Reading a large .env (10,000 entries, under the 1 MiB limit for env files): our parse inside `check --no-git` against npm
#      dotenv's own parse() under node (the peer every MosBot service uses), process start included.
# Needs node and npm (installs dotenv into a scratch directory); uses hyperfine when present.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-20}

cargo build --release -q -p mosbot-secrets
bin=$PWD/target/release/mosbot-secrets
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# mean wall time of a command over $runs runs, in milliseconds
mean_ms() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do
    # exit 1 means findings; 2 or more means the run failed and the number would be a lie
    "$@" >/dev/null 2>&1 && code=0 || code=$?
    [ "$code" -le 1 ] || { echo "failed ($code): $*" >&2; exit 1; }
  done
  end=$(date +%s%N)
  echo $(( (end - start) / runs / 1000000 ))
}

echo "== check on examples/mosbot-deployment ($runs runs each)"
full=$(mean_ms "$bin" check examples/mosbot-deployment)
nogit=$(mean_ms "$bin" check examples/mosbot-deployment --no-git)
echo "check (with git history): ${full} ms"
echo "check --no-git:           ${nogit} ms"

echo "== a 10,000-entry .env: mosbot-secrets check --no-git vs npm dotenv parse()"
mkdir -p "$scratch/deploy/docker" "$scratch/peer"
python3 - "$scratch/deploy/docker/.env" <<'PY'
import random, string, sys
rnd = random.Random(7)
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        v = "".join(rnd.choice(string.ascii_letters + string.digits) for _ in range(40))
        kind = i % 4
        if kind == 0: f.write(f"SETTING_{i}={v}\n")
        elif kind == 1: f.write(f"export QUOTED_{i}=\"{v}\\n{v}\" # comment\n")
        elif kind == 2: f.write(f"# comment line {i}\nSINGLE_{i}='{v}'\n")
        else: f.write(f"MULTI_{i}=\"{v}\n{v}\"\n")
PY
printf '.env\n' > "$scratch/deploy/.gitignore"
chmod 600 "$scratch/deploy/docker/.env"
(cd "$scratch/peer" && npm init -y >/dev/null && npm install --silent dotenv@16 >/dev/null)
cat > "$scratch/peer/parse.js" <<'JS'
const fs = require('fs');
const parsed = require('dotenv').parse(fs.readFileSync(process.argv[2]));
if (Object.keys(parsed).length < 10000) process.exit(3);
JS
ours=$(mean_ms "$bin" check "$scratch/deploy" --no-git)
peer=$(mean_ms node "$scratch/peer/parse.js" "$scratch/deploy/docker/.env")
echo "mosbot-secrets check --no-git: ${ours} ms  (parse + every rule + report)"
echo "node + dotenv.parse():         ${peer} ms  (parse only)"
python3 -c "print(f'ratio ours/peer: {max($ours,1)/max($peer,1):.2f}')"

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 "$bin check examples/mosbot-deployment" "$bin check examples/mosbot-deployment --no-git" || true
fi
