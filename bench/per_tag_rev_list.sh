#!/usr/bin/env bash
# The best git-CLI way to get the first-release map: for each tag in time order, the commits
# it adds over all earlier tags (`git rev-list TAG --not EARLIER_TAGS`). Used by metrics.sh
# as the baseline our one-pass flood must beat.
set -euo pipefail
repo=$1
mapfile -t tags < <(git -C "$repo" for-each-ref --sort=creatordate --format='%(refname)' refs/tags)
earlier=()
for tag in "${tags[@]}"; do
  {
    echo "$tag"
    for e in "${earlier[@]}"; do echo "^$e"; done
  } | git -C "$repo" rev-list --stdin > /dev/null
  earlier+=("$tag")
done
