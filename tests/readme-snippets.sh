#!/usr/bin/env bash
# Runs every ```csharp block of README.md as a .NET 10 file-based app that references the library, each in its own scratch folder under TestResults/readme-snippets/, so a snippet runs
# exactly as written, creating any files it needs. Prints one line per snippet and a last line
# 'readme snippets: N passed, N failed'; exits non-zero when any failed.
#   tests/readme-snippets.sh [README.md]
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
readme=${1:-README.md}
out="$root/TestResults/readme-snippets"
rm -rf "$out"
mkdir -p "$out"

# Extract: snippet-N.cs per block, named after the '## ' heading above it.
awk -v out="$out" -v lib="$root/src/PoseML/PoseML.csproj" '
  /^## / { heading = substr($0, 4) }
  /^```csharp[[:space:]]*$/ { n++; dir = out "/" n; system("mkdir -p \"" dir "\""); file = dir "/snippet.cs";
                             print "#:project " lib > file; print "// README.md: " heading > file;
                             print heading > (dir "/title"); inside = 1; next }
  inside && /^```[[:space:]]*$/ { inside = 0; close(file); next }
  inside { print > file }
' "$readme"

passed=0
failed=0
for dir in "$out"/*/; do
  [ -e "$dir/snippet.cs" ] || continue
  title=$(cat "$dir/title")
  start=$(date +%s)
  if (cd "$dir" && dotnet run snippet.cs) > "$dir/output.txt" 2>&1; then
    echo "readme: snippet '$title' passed in $(( $(date +%s) - start )) s"
    passed=$((passed + 1))
  else
    echo "readme: snippet '$title' FAILED in $(( $(date +%s) - start )) s; its output:"
    tail -n 30 "$dir/output.txt"
    failed=$((failed + 1))
  fi
done
[ $((passed + failed)) -gt 0 ] || { echo "readme: no csharp block found in $readme"; failed=1; }
echo "readme snippets: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
