#!/usr/bin/env bash
# The publish job's GitHub Release, safe to run again: publish-release.sh <tag> <version> <notes file> <asset>...
#   1. a release of <tag> that is already public: fail (a published release is never replaced by a re-run);
#   2. drafts of <tag> left by an earlier failed run: deleted (by release ID), so a re-run does not leave a second one;
#   3. a new draft with the assets, found again by its ID; the caller pushes the NuGet package(s) in between
#      (publish-release.sh ... then "publish-release.sh --publish <tag> <version>");
#   --publish: makes that draft public by ID, with make_latest=true only when <version> is the highest release tag
#      (release-latest.sh), so a hotfix of an older line does not become "Latest".
# Uses gh with GH_TOKEN and GH_REPO (owner/name) from the environment.
set -euo pipefail
here="$(dirname "$0")"
drafts_of() { # tag -> "id draft" per release of that tag
  gh api --paginate "repos/$GH_REPO/releases?per_page=100" --jq ".[] | select(.tag_name == \"$1\") | \"\(.id) \(.draft)\""
}
if [ "${1-}" = "--publish" ]; then
  tag="$2"; version="$3"
  ids=()
  while read -r id draft; do [ "$draft" = "true" ] && ids+=("$id"); done < <(drafts_of "$tag")
  [ "${#ids[@]}" -eq 1 ] || { echo "::error::Expected one draft release of $tag to publish, found ${#ids[@]}."; exit 1; }
  latest="$(bash "$here/release-latest.sh" "$version")"
  echo "Publishing release ${ids[0]} ($tag), make_latest=$latest"
  gh api -X PATCH "repos/$GH_REPO/releases/${ids[0]}" -F draft=false -f make_latest="$latest" --jq '.html_url'
  exit 0
fi
tag="$1"; version="$2"; notes="$3"; shift 3
while read -r id draft; do
  if [ "$draft" != "true" ]; then
    echo "::error::Release $tag (id $id) is already published: a re-run does not replace it. Delete it on purpose first, or tag a new version."
    exit 1
  fi
  echo "Deleting draft release $id of $tag left by an earlier run"
  gh api -X DELETE "repos/$GH_REPO/releases/$id"
done < <(drafts_of "$tag")
gh release create "$tag" "$@" --draft --verify-tag --title "WmiFixedPort $version" --notes-file "$notes"
