#!/usr/bin/env bash
# clang-tidy (.clang-tidy) on the C++ sources changed since BASE (issue 10: CI runs clang-tidy on
# changed files). BASE is $AIDLEDGER_LINT_BASE, else HEAD's first parent, so a merge commit
# checks everything it brought in. Needs the compile database of a configured build
# ($BUILD_DIR, default build/dev). A header is checked through the sources that include it
# (HeaderFilterRegex in .clang-tidy); only warnings in changed files count. Exit 1 on any.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir="${BUILD_DIR:-build/dev}"
if ! command -v clang-tidy >/dev/null; then
    echo "clang-tidy is missing: make deps installs it" >&2
    exit 1
fi
if [ ! -f "$build_dir/compile_commands.json" ]; then
    echo "no $build_dir/compile_commands.json: run make build first" >&2
    exit 1
fi
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "tidy: not a git checkout, nothing to compare with" >&2
    exit 0
fi
base="${AIDLEDGER_LINT_BASE:-}"
if [ -z "$base" ]; then
    if git rev-parse -q --verify 'HEAD^1' >/dev/null; then base='HEAD^1'; else base=''; fi
fi
if [ -n "$base" ]; then
    mapfile -t changed < <(git diff --name-only --diff-filter=ACMR "$base" -- '*.cpp' '*.h')
else
    mapfile -t changed < <(git ls-files '*.cpp' '*.h')
fi
# Sources in the compile database: changed .cpp files, and for a changed header every
# source of its module's folder that names it.
declare -A seen=()
sources=()
for f in "${changed[@]}"; do
    [ -f "$f" ] || continue
    case "$f" in
        *.cpp) grep -q "\"file\": \"$PWD/$f\"" "$build_dir/compile_commands.json" &&
                   [ -z "${seen[$f]:-}" ] && { seen[$f]=1; sources+=("$f"); } ;;
        *.h)
            name=$(basename "$f")
            module=$(echo "$f" | sed -E 's#/(include|src)/.*##')
            while IFS= read -r s; do
                grep -q "\"file\": \"$PWD/$s\"" "$build_dir/compile_commands.json" || continue
                [ -z "${seen[$s]:-}" ] && { seen[$s]=1; sources+=("$s"); }
                break  # one includer is enough to check the header
            done < <(grep -rl --include='*.cpp' "[/\"]$name\"" "$module" 2>/dev/null || true)
            ;;
    esac
done
if [ "${#sources[@]}" -eq 0 ]; then
    echo "tidy: no changed C++ source since ${base:-the first commit}"
    exit 0
fi
echo "tidy: ${#sources[@]} source(s) changed since ${base:-the first commit}"
# Only warnings located in a changed file count: a changed header is checked through one source
# that includes it, whose own older warnings are not this change's.
changed_paths=$(mktemp)
trap 'rm -f "$changed_paths"' EXIT
for f in "${changed[@]}"; do echo "$PWD/$f"; done > "$changed_paths"
status=0
for s in "${sources[@]}"; do
    out=$(clang-tidy -p "$build_dir" --quiet "$s" 2>/dev/null || true)
    found=$(echo "$out" | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' |
            awk -F: 'NR==FNR { changed[$0] = 1; next } ($1 in changed)' "$changed_paths" - || true)
    if [ -n "$found" ]; then
        echo "$found" >&2
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "tidy: clean"
exit "$status"
