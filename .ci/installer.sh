#!/usr/bin/env bash
# The installer through the real WiX 5.0.2 SDK (../shared/wix-feed, rebuilt for Linux): compile + link, no bind, for the
# shipping package and the FailAfterEnableForTesting variant, warnings as errors. Leaves the linked outputs (.wixipl) in
# artifacts/ci/installer/{shipping,testhook}/ and exports nothing: .ci/run hands their paths to the installer tests.
set -euo pipefail
cd "$(dirname "$0")/.."
feed="$(cd ../shared/wix-feed && pwd)"
out="$PWD/artifacts/ci/installer"
rm -rf "$out"

# The SDK resolver and NuGet read package sources from nuget.config files in each project's folder and above; the
# installer builds our extension (packaging/) on the way, so the file goes to the repository root. Written here, in the
# CI clone only (.gitignore): a committed one naming a Linux path would break restore on Windows.
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="wix-linux" value="$feed" />
  </packageSources>
</configuration>
XML
# Keep the Linux rebuilds of the WiX packages out of the shared global package folder.
export NUGET_PACKAGES="$PWD/.nuget-wix-linux"

# Default output folders (an OutputPath given on the command line would leak into the referenced engine project, a
# global property); each linked output is copied out. --no-incremental: only a define differs between the two builds.
build() { # name, extra msbuild arguments...
  local name="$1"; shift
  echo "== WiX SDK build of installer/ ($name): compile + link (IntermediatePostLink)"
  dotnet build installer/WmiFixedPort.Installer.wixproj -c Release -p:OutputType=IntermediatePostLink -warnaserror \
    --no-incremental "$@" -nologo -clp:NoSummary
  local ipl=installer/bin/x64/Release/WmiFixedPort.wixipl
  [ -s "$ipl" ] || { echo "no linked output at $ipl"; exit 1; }
  # (no "unzip | grep -q": grep's early exit kills unzip with SIGPIPE, which pipefail reports as a failure)
  unzip -Z1 "$ipl" > "$ipl.list"; grep -qx 'wix-ir.json' "$ipl.list" || { echo "$ipl holds no wix-ir.json"; exit 1; }; rm -f "$ipl.list"
  mkdir -p "$out/$name"; cp "$ipl" "$out/$name/"; rm -f "$ipl"
  echo "linked output: $out/$name/WmiFixedPort.wixipl ($(stat -c %s "$out/$name/WmiFixedPort.wixipl") bytes)"
}
build shipping
build testhook -p:FailAfterEnableForTesting=true
