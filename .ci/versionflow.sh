#!/usr/bin/env bash
# Version flow (issue 19 point 4): one input, -p:Version=2.3.4, must reach every place a release carries a version.
# A copy of the working tree (tracked and new files, no build outputs) is built with the real WiX 5.0.2 SDK for Linux
# (../shared/wix-feed; compile + link, no bind) at that version, and the outputs land in artifacts/ci/versionflow/:
#   WmiFixedPort.wixipl     the installer's linked output (wix-ir.json: the package's ProductVersion)
#   WmiFixedPort.exe        the net462 engine, built once and given to the installer and the pack (-p:WmiFixedPortExeDir,
#                           as the release does); its Win32 version resource: file and product version
#   feed/*.nupkg            WmiFixedPort.wixext packed as .ci/wixext.sh packs it: the WiX 5, 6 and 7 packages 2.3.4,
#                           2.3.4.6 and 2.3.4.7 (packaging/WmiFixedPort.Wixext/Package; each nuspec <version>, each
#                           wixext5/6/7 dll and the engine in its wixlib)
#   kit/                    the deployment kit scripts from packaging/kit-source/Build-KitScripts.ps1 -Version 2.3.4.
# tests/WmiFixedPort.Release.Tests reads them back (.ci/release.sh runs it with WMIFIXEDPORT_REQUIRE_VERSIONFLOW=1).
# A copy, not this tree: its bin/ folders keep the default version that the other CI steps (exe size, tests) use.
set -euo pipefail
cd "$(dirname "$0")/.."
version=2.3.4
feed="$(cd ../shared/wix-feed && pwd)"
feed_next="$(cd ../shared/wix-feed-next && pwd)"
out="$PWD/artifacts/ci/versionflow"
src="$out/src"
rm -rf "$out"
mkdir -p "$src" "$out/feed"

echo "== Version flow: a copy of the working tree, built with -p:Version=$version"
# git ls-files: tracked files and new ones not ignored (no bin/, obj/, artifacts/); a file deleted but still tracked is skipped.
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  [ -e "$file" ] && printf '%s\0' "$file"
done | tar --null -T - -cf - | tar -xf - -C "$src"
cat > "$src/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="wix-linux" value="$feed" />
    <add key="wix-linux-next" value="$feed_next" />
  </packageSources>
</configuration>
XML
export NUGET_PACKAGES="$PWD/.nuget-wix-linux"
commit="$(git rev-parse HEAD)"
timestamp="$(git log -1 --format=%cI)"

# As the release builds it: the engine once, then handed to the installer and to the pack (-p:WmiFixedPortExeDir), so
# that every embedded copy is this file (tests/release/Assert-EmbeddedEngine.Tests.ps1 checks it byte for byte).
echo "== Version flow: the engine (net462) at $version, built once for the installer and the pack"
dotnet build "$src/customactions/WmiFixedPort/WmiFixedPort.csproj" -c Release -f net462 -warnaserror "-p:Version=$version" \
  -p:ContinuousIntegrationBuild=true -nologo -clp:NoSummary
engine="$out/engine/"
mkdir -p "$engine"
cp "$src/customactions/WmiFixedPort/bin/Release/net462/WmiFixedPort.exe" "$src/customactions/WmiFixedPort/bin/Release/net462/WmiFixedPort.exe.config" "$engine"
cp "$engine/WmiFixedPort.exe" "$out/"

echo "== Version flow: installer (compile + link) at $version"
dotnet build "$src/installer/WmiFixedPort.Installer.wixproj" -c Release -p:OutputType=IntermediatePostLink -warnaserror \
  "-p:Version=$version" "-p:WmiFixedPortExeDir=$engine" -nologo -clp:NoSummary
cp "$src/installer/bin/x64/Release/WmiFixedPort.wixipl" "$out/"

echo "== Version flow: WmiFixedPort.wixext packed at $version (.ci/wixext.sh's pack command: the WiX 5, 6, 7 packages)"
(cd "$src" && dotnet pack packaging/WmiFixedPort.Wixext/Package/WmiFixedPort.wixext.Package.csproj -c Release -o "$out/feed" -warnaserror \
  "-p:Version=$version" -p:SourceRevisionId="$commit" -p:DeterministicTimestamp="$timestamp" "-p:WmiFixedPortExeDir=$engine" \
  -nologo -clp:NoSummary)

generator=packaging/kit-source/Build-KitScripts.ps1
[ -f "$src/$generator" ] || { echo "$generator is missing: the kit scripts' minimum version cannot be stamped"; exit 1; }
echo "== Version flow: deployment kit scripts generated at $version ($generator)"
dotnet tool restore >/dev/null
dotnet tool run pwsh -NoLogo -NoProfile -NonInteractive -File "$src/$generator" -Version "$version" -OutputRoot "$out/kit"
echo "version flow outputs: $out"
