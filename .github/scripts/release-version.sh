#!/usr/bin/env bash
# The release version from a tag: prints X.Y.Z for a tag vX.Y.Z, or says why not on stderr and exits 1.
# The form: "v", then three dot-separated numbers without leading zeros; within Windows Installer's ProductVersion
# limits (major and minor at most 255, build at most 65535: learn.microsoft.com/windows/win32/msi/productversion), which
# also keep each part inside a file version's 16 bits. Used by .github/workflows/release.yml; tested by .ci/release.sh.
set -euo pipefail
tag="${1-}"
if [[ ! "$tag" =~ ^v(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$ ]]; then
  echo "Tag '$tag' is not a release tag: the form is vMAJOR.MINOR.PATCH (for example v1.2.3), digits without leading zeros." >&2
  exit 1
fi
if (( BASH_REMATCH[1] > 255 || BASH_REMATCH[2] > 255 || BASH_REMATCH[3] > 65535 )); then
  echo "Tag '$tag' is out of range: Windows Installer's ProductVersion allows at most 255.255.65535." >&2
  exit 1
fi
echo "${tag#v}"
