#!/usr/bin/env bash
# Reproduces the Rare Pose Protocol table of docs/results.md (SRNet §4.2): the models of the Table 1
# setting evaluated on all test poses and on the rarest R % of them, rarity measured against the test
# set itself (as in the paper) or against the training set.
# Usage: docs/rare-pose-reproduce.sh [work-folder]   (needs: dotnet build src/PoseML.Cli -c Release)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
P=${POSEML:-$ROOT/src/PoseML.Cli/bin/Release/net10.0/PoseML.Cli}
W=${1:-results-work}
mkdir -p "$W" && cd "$W"
[ -d train ] || "$P" data synth --out train --subjects 4 --frames 100 --seed 0 > /dev/null
[ -d test ] || "$P" data synth --out test --subjects 2 --frames 100 --seed 1 > /dev/null
COMMON=(--train train --epochs 6 --batch-size 256 --dropout 0.2 --seed 0 --width 128)
printf "model\tall\trare10_test\trare5_test\trare10_train_ref\n" > rare.tsv
for spec in "martinez --preset martinez" "dpcn --preset dpcn-paper" "dpcn-no-aggre --preset dpcn-paper --no-aggregation"; do
  set -- $spec; name=$1; shift
  [ -f "$name.zip" ] || "$P" train "${COMMON[@]}" --out "$name.zip" "$@" > /dev/null 2>&1
  "$P" predict --model "$name.zip" --in test/keypoints2d_cam0.csv --out "$name.pred.csv" > /dev/null
  mpjpe() { "$P" evaluate --pred "$name.pred.csv" --gt test/poses3d_cam0.csv --format json "$@" | python3 -c 'import json,sys; print("%.1f" % json.load(sys.stdin)["mpjpe"])'; }
  printf "%s\t%s\t%s\t%s\t%s\n" "$name" "$(mpjpe)" "$(mpjpe --rare 10)" "$(mpjpe --rare 5)" "$(mpjpe --rare 10 --rare-ref train/poses3d_cam0.csv)" | tee -a rare.tsv
done
