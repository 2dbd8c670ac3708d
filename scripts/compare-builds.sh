#!/usr/bin/env bash
# Build the example content and a generated corpus with two versions of gongkai and compare the
# output byte for byte (a refactor must not change what a reader sees). Usage, from the project root:
#   scripts/compare-builds.sh [-b BASE_REF] [-n CORPUS_ITEMS] [-w WORK_DIR] [-k content|corpus|both] [-D]
# BASE_REF (default main) is exported with `git archive`; the other side is the working tree.
# -D builds both sides with the working tree's docs/ (a change that also edits the guide or dev pages).
# Both are built in this venv with PYTHONPATH pointing at each side's hooks/ and GONGKAI_AS_OF fixed.
set -euo pipefail

base=main
items=2000
work=/tmp/gongkai-compare
which=both
same_docs=""
while getopts "b:n:w:k:Dh" opt; do
  case $opt in
    b) base=$OPTARG ;;
    n) items=$OPTARG ;;
    w) work=$OPTARG ;;
    k) which=$OPTARG ;;
    D) same_docs=1 ;;
    *) sed -n 2,5p "$0"; exit 2 ;;
  esac
done
as_of=${GONGKAI_AS_OF:-2026-11-15}
here=$(pwd)
rm -rf "$work/base" "$work/head"
mkdir -p "$work/base" "$work/head"
git archive "$base" mkdocs.yml docs theme hooks bulletins | tar -x -C "$work/base"
tar -c --exclude=__pycache__ mkdocs.yml docs theme hooks bulletins | tar -x -C "$work/head"
if [ -n "$same_docs" ]; then rm -rf "$work/base/docs" && cp -r docs "$work/base/docs"; fi
corpus=$work/corpus-$items
if [ "$which" != content ] && [ ! -d "$corpus" ]; then
  python "${BENCH:-$here/../shared/bench}/make_corpus.py" "$items" "$corpus" --as-of "$as_of" >/dev/null
fi

build() {  # side content
  local project=$work/$1-$2
  rm -rf "$project" && cp -r "$work/$1" "$project"
  if [ "$2" = corpus ]; then rm -rf "$project/bulletins" && cp -r "$corpus" "$project/bulletins"; fi
  (cd "$project" && GONGKAI_AS_OF=$as_of PYTHONPATH=$project/hooks mkdocs build -q -d "$project/out" 2>&1 \
     | grep -v '^WARNING\|^INFO' || true)
}

status=0
for content in content corpus; do
  if [ "$which" != both ] && [ "$which" != "$content" ]; then continue; fi
  build base $content
  build head $content
  if diff -r -q "$work/base-$content/out" "$work/head-$content/out"; then
    echo "$content: identical ($(find "$work/head-$content/out" -type f | wc -l) files)"
  else
    echo "$content: DIFFERENT"; status=1
  fi
done
exit $status
