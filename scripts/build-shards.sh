#!/usr/bin/env bash
# Build the site as shards in parallel processes on this machine, then join them: the same steps
# as the CI matrix (docs/dev/ci/). Usage, from the project root:
#   scripts/build-shards.sh [-j JOBS] [-l township|county] [-c GIT_REF] [-o OUT] [-d SITE]
# -c REF rebuilds only the shards changed since REF and reuses the others from OUT (the last run).
set -euo pipefail

jobs=$(nproc 2>/dev/null || echo 2)
level=township
changed=""
out=out
site=site
while getopts "j:l:c:o:d:h" opt; do
  case $opt in
    j) jobs=$OPTARG ;;
    l) level=$OPTARG ;;
    c) changed=$OPTARG ;;
    o) out=$OPTARG ;;
    d) site=$OPTARG ;;
    *) sed -n 2,5p "$0"; exit 2 ;;
  esac
done
gongkai=${GONGKAI:-gongkai}
: "${GONGKAI_AS_OF:=}"  # set it to build for a fixed date (examples, tests)

mkdir -p "$out"
if [ -n "$changed" ]; then
  todo=$("$gongkai" shards --level "$level" --changed-since "$changed")
else
  todo=$("$gongkai" shards --level "$level")
fi
ids=$(printf '%s\n' "$todo" | cut -f1 | sed '/^$/d')
echo "要构建的分片：$(printf '%s\n' "$ids" | grep -c . || true) 个（并行 $jobs 个进程）" >&2

# One process per shard, $jobs at a time; each writes $out/<shard>.new, swapped in when it succeeds
# so a failed shard never leaves a half-built folder where the join would read it.
printf '%s\n' "$ids" | sed '/^$/d' | xargs -P "$jobs" -I{} sh -c '
  "$0" build --shard "$1" --level "$2" -d "$3/$1.new" && rm -rf "$3/$1" && mv "$3/$1.new" "$3/$1"
' "$gongkai" {} "$level" "$out"

# Join every shard of the current plan (rebuilt now or reused from the last run).
all=$("$gongkai" shards --level "$level" | cut -f1 | sed '/^$/d' | sed "s|^|$out/|")
# shellcheck disable=SC2086
"$gongkai" join $all -d "$site"
echo "网站已生成：$site" >&2
