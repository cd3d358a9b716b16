#!/usr/bin/env bash
# Whole-task figures of PoseML and of the reference scripts (shared/refs/perf), run back to back in
# one sitting so that ratios are comparable on a shared, noisy machine. Each round runs every pair;
# quote medians over rounds. Needs the reference set-up once per machine (see shared/refs/perf/README.md):
#   apt-get install -y python3-torch python3-numpy python3-scipy libopenblas0-openmp libopenblas0-pthread
# Usage: tests/PoseML.Benchmarks/side-by-side.sh [rounds] [what...]   (what: gemm lifter groups consensus softargmax hourglass)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}; shift || true
what=${*:-gemm lifter groups consensus softargmax}
refs=${POSEML_REFS:-$(cd .. && pwd)/shared/refs/perf}
out=${POSEML_BENCH_OUT:-artifacts/bench}
mkdir -p "$out"
dotnet build src/PoseML.Cli -c Release -v q -nologo >/dev/null
poseml() { dotnet src/PoseML.Cli/bin/Release/net10.0/PoseML.Cli.dll "$@"; }
ref() { (cd "$refs" && ./blas.sh openblas /usr/bin/python3 "$@"); }
for r in $(seq 1 "$rounds"); do
  echo "=== round $r ($(cut -d' ' -f1-3 /proc/loadavg))"
  for w in $what; do
    case $w in
      gemm)
        poseml bench gemm --m 1024 --n 1024 --k 1024 --threads 2 --repeat 5 --format json | tee -a "$out/gemm.poseml.jsonl"
        poseml bench gemm --m 1024 --n 1024 --k 1024 --threads 1 --repeat 5 --format json | tee -a "$out/gemm.poseml.jsonl"
        ref gemm.py --threads 2 | tee -a "$out/gemm.ref.txt"
        ref gemm.py --threads 1 | tee -a "$out/gemm.ref.txt" ;;
      lifter)
        for b in 1024 64; do poseml bench lifter --groups 1 --n-in 16 --width 1024 --batch $b --format json | tee -a "$out/lifter.poseml.jsonl"; done
        ref lifter.py --model single --n-in 16 | tee -a "$out/lifter.ref.txt" ;;
      groups)
        poseml bench lifter --groups 17 --n-in 10 --width 1024 --batch 1024 --format json | tee -a "$out/groups.poseml.jsonl"
        ref lifter.py --model seq --groups 17 --n-in 10 --train-batches 1024 --repeats 3 | tee -a "$out/groups.ref.txt" ;;
      consensus)
        poseml bench consensus --frames 5000 --repeats 3 --threads 2 | tee -a "$out/consensus.poseml.jsonl"
        ref consensus.py --threads 2 --chunks 1000 --batch-frames 5000 --repeats 3 | tee -a "$out/consensus.ref.txt" ;;
      softargmax)
        if poseml bench --help | grep -q softargmax; then poseml bench softargmax --format json | tee -a "$out/softargmax.poseml.jsonl"; fi
        ref softargmax.py --threads 2 | tee -a "$out/softargmax.ref.txt" ;;
      hourglass)
        # the reference is in this repository (tests/PoseML.Benchmarks/refs/hourglass.py), plain PyTorch threads
        for t in 1 2; do
          poseml bench hourglass --threads $t | tee -a "$out/hourglass.poseml.jsonl"
          /usr/bin/python3 tests/PoseML.Benchmarks/refs/hourglass.py --threads $t | tee -a "$out/hourglass.ref.jsonl"
        done ;;
      *) echo "unknown benchmark '$w'" >&2; exit 2 ;;
    esac
  done
done
echo "logs in $out"
