#!/usr/bin/env bash
# Prints "true" when version $1 is the highest release version among the repository's release tags (vX.Y.Z, the form
# release-version.sh accepts, compared as numbers), else "false": a hotfix 1.2.4 tagged after 1.3.0 must not become the
# repository's "Latest" release. Run in the repository (the publish job's full-history checkout).
set -euo pipefail
version="${1:?usage: release-latest.sh X.Y.Z}"
here="$(dirname "$0")"
highest="$version"
while IFS= read -r tag; do
  other="$(bash "$here/release-version.sh" "$tag" 2>/dev/null)" || continue
  highest="$(printf '%s\n%s\n' "$highest" "$other" | sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)"
done < <(git tag --list 'v*')
if [ "$highest" = "$version" ]; then echo true; else echo false; fi
