#!/usr/bin/env bash
# Benchmark of `scan`, beside its peers and the floor, on one repository in one run (ratios, not
# absolute times: the machines are noisy).
#
# The repository: 10,000 commits and 500+ MB of distinct blobs, generated from real source files
# (the crates in the local cargo registry, which `cargo build` of this workspace fills) by
# bench/gen_history_repo.py, and kept in target/bench-scan between runs (delete it to rebuild).
#
#   floor        git cat-file --batch-all-objects --batch >/dev/null   (every object read once)
#   ours         mosbot-secrets scan .             (work tree + all of history + 162 rules)
#   ours (tree)  mosbot-secrets scan . --no-history
#   detect-secrets 1.5  scan of the work tree (it has no history scan)
#   trufflehog3 3.0     work tree + all of history (cut off after PEER_TIMEOUT seconds)
#   staged       scan --staged with 10 files staged, against detect-secrets-hook on the same files
#
# Needs git, python3 (peers installed from PyPI into target/bench-scan/venv) and a cargo registry.
set -euo pipefail
cd "$(dirname "$0")/.."
commits=${COMMITS:-10000}
target_mb=${TARGET_MB:-550}
peer_timeout=${PEER_TIMEOUT:-1200}
runs=${RUNS:-3}
work=$PWD/target/bench-scan
repo=$work/repo-$commits-$target_mb
venv=$work/venv
registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ | head -1)

cargo build --release -q -p mosbot-secrets
bin=$PWD/target/release/mosbot-secrets
mkdir -p "$work"

if [ ! -x "$venv/bin/trufflehog3" ] || [ ! -x "$venv/bin/detect-secrets" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'trufflehog3==3.0.10' 'detect-secrets==1.5.0'
fi

if [ ! -d "$repo/.git" ]; then
  echo "== generating $repo from $registry (about a minute)"
  rm -rf "$repo.tmp" && git init -q -b main "$repo.tmp"
  python3 bench/gen_history_repo.py "$registry" "$commits" "$target_mb" | git -C "$repo.tmp" fast-import --quiet
  git -C "$repo.tmp" reset -q --hard main
  mv "$repo.tmp" "$repo"
fi
cd "$repo"
git reset -q --hard main
# A work tree checked out in the same second as its index is "racy" (git, and we, cannot trust
# the index's stat data for it); any repository used for real is past that second.
sleep 1 && git update-index -q --really-refresh >/dev/null || true

objects=$(git count-objects -v | awk '/^in-pack:/ {print $2}')
blob_mb=$(git cat-file --batch-all-objects --batch-check | awk '$2=="blob" {s+=$3} END {printf "%d", s/1000000}')
echo "== repository: $(git rev-list --all | wc -l) commits, $objects objects, $blob_mb MB of distinct blobs, $(du -sm .git | cut -f1) MB packed"

# best wall time of "$@" over $runs runs, in milliseconds (exit 0/1 = ran; more = failed)
best_ms() {
  local best=0 start end code
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 && code=0 || code=$?
    end=$(date +%s%N)
    [ "$code" -le 1 ] || { echo "failed ($code): $*" >&2; return 1; }
    local ms=$(( (end - start) / 1000000 ))
    if [ "$best" -eq 0 ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

# one run of a peer, cut off after $peer_timeout seconds: milliseconds, or ">N" when cut off
peer_ms() {
  local start end code
  start=$(date +%s%N)
  timeout "$peer_timeout" "$@" >/dev/null 2>&1 && code=0 || code=$?
  end=$(date +%s%N)
  if [ "$code" -eq 124 ]; then echo ">$(( peer_timeout * 1000 ))"; return; fi
  echo $(( (end - start) / 1000000 ))
}

ratio() { # a b -> a/b with two decimals (a may be ">N")
  local a=${1#>} prefix=""
  [ "$a" = "$1" ] || prefix=">"
  awk -v a="$a" -v b="$2" -v p="$prefix" 'BEGIN {printf "%s%.2f", p, a / b}'
}

echo "== scan --staged, 10 files staged (best of 20 runs)"
mapfile -t staged_files < <(git ls-files 'vendor/*.rs' | awk 'NR <= 10')
for f in "${staged_files[@]}"; do printf '// staged change\n' >> "$f"; done
git add -u
runs_saved=$runs; runs=20
staged=$(best_ms "$bin" scan . --staged)
staged_peer=$(best_ms "$venv/bin/detect-secrets-hook" "${staged_files[@]}")
runs=$runs_saved
git reset -q --hard main
sleep 1 && git update-index -q --really-refresh >/dev/null || true
echo "mosbot-secrets scan --staged:        ${staged} ms"
echo "detect-secrets-hook (same 10 files): ${staged_peer} ms   ratio ours/peer $(ratio "$staged" "$staged_peer")"

echo "== whole repository (best of $runs runs; peers run once, cut off after ${peer_timeout} s)"
floor=$(best_ms git cat-file --batch-all-objects --batch)
ours=$(best_ms "$bin" scan .)
ours_tree=$(best_ms "$bin" scan . --no-history)
ds=$(peer_ms "$venv/bin/detect-secrets" scan --all-files .)
th=$(peer_ms "$venv/bin/trufflehog3" --no-entropy --depth 1000000 -z .)

printf '%-52s %10s %12s\n' "" "ms" "x floor"
printf '%-52s %10s %12s\n' "git cat-file --batch-all-objects --batch (floor)" "$floor" "1.00"
printf '%-52s %10s %12s\n' "mosbot-secrets scan . (tree + history)" "$ours" "$(ratio "$ours" "$floor")"
printf '%-52s %10s %12s\n' "mosbot-secrets scan . --no-history" "$ours_tree" "$(ratio "$ours_tree" "$floor")"
printf '%-52s %10s %12s\n' "trufflehog3 (tree + history, patterns only)" "$th" "$(ratio "$th" "$floor")"
printf '%-52s %10s %12s\n' "detect-secrets scan --all-files (tree only)" "$ds" "$(ratio "$ds" "$floor")"
echo "peers against ours: trufflehog3 $(ratio "$th" "$ours")x our full scan; detect-secrets $(ratio "$ds" "$ours_tree")x our tree-only scan"
