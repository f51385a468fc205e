#!/usr/bin/env bash
# Benchmark: resolve + redact of a large (about 1.5 MB) openclaw.json, ours against OpenClaw's own
# implementation (npm `openclaw`, installed into a scratch directory) in the same run.
#   ours: `mosbot-secrets config resolve FILE --env-file ENV` (parse JSON5, $include, ${VAR},
#         redact, print), one process per run, process start included;
#   peer: node, OpenClaw's JSON5.parse + resolveConfigEnvVars + redactConfigObject + stringify,
#         in one warm process (node's start-up is not counted, which favours the peer).
# Prints both and the ratio. Ratios, not absolute times, are what to compare across machines.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}
cargo build --release -q -p mosbot-secrets
bin=$PWD/target/release/mosbot-secrets
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

peer=${OPENCLAW_PATH:-}
if [ -z "$peer" ]; then
  (cd "$scratch" && npm init -y >/dev/null && npm install --silent --ignore-scripts openclaw@2026.9 >/dev/null)
  peer=$scratch/node_modules/openclaw
fi

python3 - "$scratch/openclaw.json" "$scratch/env" <<'PY'
import random, sys
rnd = random.Random(11)
cfg, env = sys.argv[1], sys.argv[2]
hexs = lambda n: "".join(rnd.choice("0123456789abcdef") for _ in range(n))
with open(env, "w") as e:
    for i in range(400):
        e.write(f"KEY_{i}=sk-{hexs(40)}\n")
    e.write("OPENCLAW_GATEWAY_TOKEN=" + hexs(48) + "\n")
with open(cfg, "w") as f:
    f.write("// generated benchmark config\n{\n  gateway: { port: 18789, auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' } },\n  agents: {\n    defaults: { maxTokens: 8192, model: 'openrouter/auto' },\n    list: [\n")
    for i in range(4000):
        f.write(f"      // agent {i}\n      {{ id: 'agent-{i}', name: 'Agent {i}', model: 'provider-{i % 40}/model', apiKey: '${{KEY_{i % 400}}}', "
                f"baseUrl: 'https://api{i % 7}.example.com/v1', temperature: 0.{i % 10}, maxTokens: {1000 + i}, "
                f"tools: ['web', 'shell', 'files'], secret: 'literal-{hexs(24)}', notes: 'prompt {hexs(64)}' }},\n")
    f.write("    ],\n  },\n}\n")
PY
size=$(stat -c %s "$scratch/openclaw.json")
echo "== resolve + redact of a ${size}-byte openclaw.json ($runs runs)"
start=$(date +%s%N)
for _ in $(seq "$runs"); do "$bin" config resolve "$scratch/openclaw.json" --env-file "$scratch/env" >/dev/null; done
ours=$(( ($(date +%s%N) - start) / runs / 1000000 ))
theirs=$(OPENCLAW_PATH=$peer node bench/openclaw_peer.mjs "$scratch/openclaw.json" "$scratch/env" "$runs")
echo "mosbot-secrets config resolve: ${ours} ms per run (process start included)"
echo "openclaw (node, warm):         ${theirs} ms per run"
python3 -c "print(f'ratio ours/openclaw: {max($ours,1)/max(float(\"$theirs\"),0.1):.2f}')"
