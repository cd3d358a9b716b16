#!/usr/bin/env bash
# Reproduces the "Case 2: images" table of docs/results.md (Deep Pose Consensus Networks' Case 2 on rendered people):
# the heatmap estimator is trained on images of rendered synthetic subjects SynthS1–SynthS4; the lifters (Martinez, DPCN) on
# the ground-truth 2D of the same subjects; both are joined into image → 3D models and evaluated on held-out rendered subjects
# SynthS5 and SynthS6: 2D pixel error / PCK, and 3D MPJPE / PA-MPJPE from estimated 2D (Case 2) vs the true 2D (Case 1).
# Budget: about 10 minutes of one CPU core (libtorch on one thread); a small budget, far below the paper's.
# Usage: docs/case2-reproduce.sh [work-folder]   (needs a Release build: dotnet build src/PoseML.Cli -c Release)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
P=${POSEML:-$ROOT/src/PoseML.Cli/bin/Release/net10.0/PoseML.Cli}
W=${1:-case2-work}
mkdir -p "$W" && cd "$W"
TRAIN=(SynthS1 SynthS2 SynthS3 SynthS4)
TEST=(SynthS5 SynthS6)
# 2D: 4 subjects × 13 actions × 4 cameras × 16 frames (every 10th) = 3,328 images of 64×64, 6 epochs of batch 32
[ -f hg.zip ] || "$P" train-heatmaps --data rendered --subjects "${TRAIN[@]}" --stride 10 --frames-per-action 16 \
  --size 64 --stacks 1 --width 64 --depth 3 --epochs 6 --batch-size 32 --threads 1 --seed 0 --out hg.zip | tail -n 2
# 3D: lifters on the ground-truth 2D of the same motion (every 10th frame, 4 cameras); SynthS4 is their validation subject
# The DPCN row was measured with the paper's loss (L_lifting + L_aggre), the dpcn preset of the time: now dpcn-paper.
for name in martinez dpcn-paper; do
  [ -f "$name.zip" ] || "$P" train --preset "$name" --train synthetic --stride 10 --test-subjects "${TEST[@]}" \
    --epochs 10 --width 256 --seed 0 --out "$name.zip" | tail -n 4
  "$P" compose-image3d --heatmaps hg.zip --lifter "$name.zip" --out "$name-image3d.zip"
  # held out: 2 subjects × 13 actions × 4 cameras × 5 frames = 520 images
  "$P" evaluate-images --model "$name-image3d.zip" --data rendered --subjects "${TEST[@]}" --stride 10 --frames-per-action 5 \
    --seed 1 | tee "$name-eval.md"
done
