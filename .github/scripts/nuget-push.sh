#!/usr/bin/env bash
# The publish job's NuGet push: nuget-push.sh <folder> pushes every *.nupkg in it (WmiFixedPort.wixext for each WiX
# major the extension supports) to NUGET_FEED_URL with NUGET_API_KEY (secrets, from the environment).
#   neither set: a warning, nothing pushed, exit 0 (a fork: the packages are on the GitHub Release only);
#   only one set: an error naming the missing one, exit 1 (a half-configured feed is a mistake, not a fork);
#   no package in <folder>: an error, exit 1.
set -euo pipefail
folder="${1:?usage: nuget-push.sh <folder>}"
if [ -z "${NUGET_FEED_URL-}" ] && [ -z "${NUGET_API_KEY-}" ]; then
  echo "::warning::No NuGet feed is configured (secrets NUGET_FEED_URL and NUGET_API_KEY): the packages were NOT pushed; they are attached to the GitHub Release only."
  exit 0
fi
for name in NUGET_FEED_URL NUGET_API_KEY; do
  if [ -z "${!name-}" ]; then
    echo "::error::Secret $name is not set but the other NuGet secret is: set both (push) or neither (no push)."
    exit 1
  fi
done
shopt -s nullglob
packages=("$folder"/*.nupkg)
[ "${#packages[@]}" -gt 0 ] || { echo "::error::No .nupkg in $folder to push."; exit 1; }
for package in "${packages[@]}"; do
  echo "Pushing $(basename "$package")"
  dotnet nuget push "$package" --source "$NUGET_FEED_URL" --api-key "$NUGET_API_KEY" --skip-duplicate
done
