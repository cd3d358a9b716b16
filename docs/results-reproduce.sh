#!/usr/bin/env bash
# Reproduces every number of docs/results.md (Table 1 and Table 5 analogues on synthetic data).
# Usage: docs/results-reproduce.sh [work-folder]   (needs a Release build: dotnet build src/PoseML.Cli -c Release)
# Train: 4 synthetic subjects (seed 0), test: 2 other synthetic subjects (seed 1), camera 0, split by subject.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
P=${POSEML:-$ROOT/src/PoseML.Cli/bin/Release/net10.0/PoseML.Cli}
W=${1:-results-work}
mkdir -p "$W" && cd "$W"
[ -d train ] || "$P" data synth --out train --subjects 4 --frames 100 --seed 0 > /dev/null
[ -d test ] || "$P" data synth --out test --subjects 2 --frames 100 --seed 1 > /dev/null
COMMON=(--train train --epochs 6 --batch-size 256 --dropout 0.2 --seed 0)   # plus --width ${WIDTH:-128}
: > results.tsv
run() {
  local name=$1; shift
  local start=$(date +%s.%N)
  "$P" train "${COMMON[@]}" --width "${WIDTH:-128}" --out "$name.zip" "$@" > "$name.train.txt" 2> "$name.progress.txt"
  local end=$(date +%s.%N)
  "$P" predict --model "$name.zip" --in test/keypoints2d_cam0.csv --out "$name.pred.csv" > /dev/null
  "$P" evaluate --pred "$name.pred.csv" --gt test/poses3d_cam0.csv --format json > "$name.metrics.json"
  python3 - "$name" "$start" "$end" <<'PY' >> results.tsv
import json, sys
name, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
d = json.load(open(f"{name}.metrics.json"))
print(f"{name}\t{d['mpjpe']:.1f}\t{d['pa_mpjpe']:.1f}\t{end - start:.0f}")
PY
  tail -1 results.tsv
}
# Table 1 analogue (Case 1: ground-truth 2D, Protocol 1)
run martinez        --preset martinez
run single-leaky    --preset martinez-leaky
for ng in 8 10 13 15 17; do run "dpcn-ng$ng" --preset dpcn-paper --groups-size $ng; done
# Table 5 analogue (ablations of DPCN n_g = 10; no end-to-end rows: there is no image stage here)
run dpcn-l1         --preset dpcn-paper --solver l1
run dpcn-lsq        --preset dpcn-paper --solver lsq
run dpcn-no-aggre   --preset dpcn-paper --no-aggregation
run dpcn-aggre0.1   --preset dpcn-paper --aggregation-weight 0.1
run dpcn-warmup4    --preset dpcn-paper --aggregation-warmup 4
run dpcn-random     --preset dpcn-paper --strategy random
# Follow-ups: a single lifter with about DPCN's parameter count, and the n_g sweep without L_aggre
WIDTH=1024 run martinez-w1024 --preset martinez
for ng in 8 13 17; do run "dpcn-ng$ng-no-aggre" --preset dpcn-paper --groups-size $ng --no-aggregation; done
# CMU sample through the Human3.6M S1 cameras, split by subject (test: CMU07, CMU35, CMU60, as the quickstart's seed 0)
cmu() {
  local name=$1; shift
  "$P" train --train cmu --test-subjects CMU07,CMU35,CMU60 --epochs 8 --width 128 --batch-size 256 --dropout 0.2 --seed 0 \
    --out "cmu-$name.zip" "$@" 2> "cmu-$name.progress.txt" | tee "cmu-$name.train.txt" | grep '^test:' | sed "s/^/cmu-$name /" | tee -a results-cmu.txt
}
cmu martinez       --preset martinez
cmu single-leaky   --preset martinez-leaky
cmu dpcn           --preset dpcn-paper
cmu dpcn-no-aggre  --preset dpcn-paper --no-aggregation
cmu dpcn-random    --preset dpcn-paper --strategy random
# CMU: the n_g sweep without L_aggre, and the consensus solvers (Table 1 and Table 5 analogues on CMU)
for ng in 8 13 15 17; do cmu "dpcn-ng$ng-no-aggre" --preset dpcn-paper --no-aggregation --groups-size $ng; done
cmu dpcn-no-aggre-l1   --preset dpcn-paper --no-aggregation --solver l1
cmu dpcn-no-aggre-lsq  --preset dpcn-paper --no-aggregation --solver lsq
# Per joint (Protocol 1) for the best synthetic model
"$P" evaluate --pred dpcn-no-aggre.pred.csv --gt test/poses3d_cam0.csv --format json > best.metrics.json
python3 -c 'import json; d = json.load(open("best.metrics.json")); print("\n".join("%s\t%.1f" % kv for kv in d["per_joint"].items()))' | tee per-joint.tsv
