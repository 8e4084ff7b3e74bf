#!/usr/bin/env bash
# Every C++ file of the tree is formatted as .clang-format says (issue 10: CI checks the format
# of every file). Prints each file that is not, with the command that fixes it; exit 1 if any.
# With FILE arguments, checks those files instead (tests/CMakeLists.txt checks that it fails).
set -euo pipefail
style_file="$(cd "$(dirname "$0")/../.." && pwd)/.clang-format"
files=()
for f in "$@"; do files+=("$(realpath "$f")"); done
cd "$(dirname "$0")/../.."
if ! command -v clang-format >/dev/null; then
    echo "clang-format is missing: make deps installs it" >&2
    exit 1
fi
if [ "${#files[@]}" -gt 0 ]; then
    :
elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files '*.cpp' '*.h')
else
    mapfile -t files < <(find . -path ./build -prune -o -path '*/node_modules' -prune -o \
                              \( -name '*.cpp' -o -name '*.h' \) -print)
fi
bad=()
for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    if ! clang-format --style="file:$style_file" --dry-run --Werror "$f" >/dev/null 2>&1; then
        bad+=("$f")
    fi
done
if [ "${#bad[@]}" -gt 0 ]; then
    echo "not formatted (${#bad[@]} of ${#files[@]} files):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "fix with: clang-format -i ${bad[*]}" >&2
    exit 1
fi
echo "format: ${#files[@]} files formatted"
