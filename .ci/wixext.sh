#!/usr/bin/env bash
# WmiFixedPort.wixext on Linux with the real WiX 5.0.2 SDK (../shared/wix-feed): build and pack the extension, check the
# package's layout and that packing is deterministic, build the consumer sample (packaging/samples/MonitoringAgent) for
# x64 and arm64 up to link, build one copy of the sample per compile error the extension must report, then run
# tests/WmiFixedPort.Wixext.Tests on those outputs with WMIFIXEDPORT_REQUIRE_WIX=1 (missing inputs fail, never skip).
# Outputs: artifacts/ci/wixext/{feed,sample/<arch>,cases/<name>}. Binding an .msi, ICE and installing: Windows lane only.
set -euo pipefail
cd "$(dirname "$0")/.."
feed="$(cd ../shared/wix-feed && pwd)"
out="$PWD/artifacts/ci/wixext"
rm -rf "$out"
mkdir -p "$out/feed"

# Package sources: the Linux WiX packages and our local feed. Written in the CI clone only (.gitignore): a committed
# nuget.config naming a Linux path breaks restore on Windows. packaging/ covers the extension and the sample; $out
# covers the compile-error copies of the sample built below it.
for dir in packaging "$out"; do
  cat > "$dir/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="wix-linux" value="$feed" />
    <add key="wmifixedport-local" value="$out/feed" />
  </packageSources>
</configuration>
XML
done
# Keep the Linux rebuilds of the WiX packages out of the shared global package folder; drop any earlier copy of our own
# package so the sample restores the one packed now.
export NUGET_PACKAGES="$PWD/.nuget-wix-linux"
rm -rf "$NUGET_PACKAGES/wmifixedport.wixext"
commit="$(git rev-parse HEAD)"
timestamp="$(git log -1 --format=%cI)" # the package's entry times: the commit's, so that a rebuild gives the same bytes

pack() { # output folder
  dotnet pack packaging/WmiFixedPort.Wixext/WmiFixedPort.wixext.csproj -c Release -o "$1" -warnaserror \
    -p:SourceRevisionId="$commit" -p:DeterministicTimestamp="$timestamp" ${WMIFIXEDPORT_EXE_DIR:+-p:WmiFixedPortExeDir="$WMIFIXEDPORT_EXE_DIR"} -nologo -clp:NoSummary
}
echo "== Build and pack WmiFixedPort.wixext (the wixlib is built and embedded on the way)"
pack "$out/feed"
nupkg="$(ls "$out"/feed/WmiFixedPort.wixext.*.nupkg)"

echo "== Package layout: $nupkg"
listing="$(unzip -Z1 "$nupkg")"
echo "$listing"
for entry in build/WmiFixedPort.wixext.targets wixext5/WmiFixedPort.wixext.dll schemas/wmifixedport.xsd README.md; do
  grep -qx "$entry" <<<"$listing" || { echo "package lacks $entry"; exit 1; }
done
if grep -q '^lib/' <<<"$listing"; then echo "package has a lib/ folder"; exit 1; fi
nuspec="$(unzip -p "$nupkg" WmiFixedPort.wixext.nuspec)"
if grep -q '<group' <<<"$nuspec"; then echo "nuspec declares a dependency group (a .wixproj restores as TFM native)"; exit 1; fi
for dep in WixToolset.Util.wixext WixToolset.Firewall.wixext; do
  grep -q "<dependency id=\"$dep\" version=\"\[5.0.2, 6.0.0)\"" <<<"$nuspec" || { echo "nuspec lacks $dep [5.0.2, 6.0.0)"; exit 1; }
done
grep -q '<license type="expression">' <<<"$nuspec" || { echo "nuspec has no licence expression"; exit 1; }
grep -q '<readme>README.md</readme>' <<<"$nuspec" || { echo "nuspec has no readme"; exit 1; }

echo "== Deterministic: a second pack gives the same bytes"
pack "$out/repack" >/dev/null
cmp "$nupkg" "$out/repack/$(basename "$nupkg")" || { echo "packing twice gave different packages"; exit 1; }

echo "== Schema check of packaging/ with the official WiX schemas plus the extension's XSD"
schemas="$out/schemas"
mkdir -p "$schemas"
cp ../shared/wix-schemas/v6.0.2/*.xsd "$schemas/"
cp packaging/WmiFixedPort.Wixext/wmifixedport.xsd "$schemas/"
dotnet run --file ../shared/tools/wxs-schema-check.cs -- --schemas "$schemas" packaging

build_sample() { # project, name, msbuild arguments...
  local project="$1" name="$2"; shift 2
  dotnet build "$project" -c Release -p:OutputType=IntermediatePostLink -warnaserror \
    -p:OutputPath="$out/$name/" -p:IntermediateOutputPath="$out/obj/$name/" -nologo -clp:NoSummary "$@"
}
for arch in x64 ARM64; do
  echo "== Consumer sample, $arch: compile + link through the package"
  build_sample packaging/samples/MonitoringAgent/MonitoringAgent.wixproj "sample/$arch" -p:Platform="$arch"
  ipl="$out/sample/$arch/MonitoringAgent.wixipl"
  unzip -Z1 "$ipl" | grep -qx wix-ir.json || { echo "$ipl holds no wix-ir.json"; exit 1; }
done

# Compile errors: one copy of the sample per case, the element line replaced. Each build must fail with our error
# number and link nothing; the tests check the exact messages.
case_build() { # name, expected error, platform, element markup
  local name="$1" expected="$2" platform="$3" markup="$4" dir="$out/cases/$1"
  mkdir -p "$dir"
  cp packaging/samples/MonitoringAgent/MonitoringAgent.wixproj "$dir/"
  python3 - "$dir/Package.wxs" "$markup" <<'PY'
import re, sys
source = open("packaging/samples/MonitoringAgent/Package.wxs", encoding="utf-8").read()
changed, count = re.subn(r"^( *)<wmi:FixedPort [^>]*/>$", lambda m: m.group(1) + sys.argv[2], source, flags=re.M)
assert count == 1, "the sample must hold exactly one wmi:FixedPort element"
open(sys.argv[1], "w", encoding="utf-8").write(changed)
PY
  echo "== Compile error case $name ($expected)"
  set +e
  build_sample "$dir/MonitoringAgent.wixproj" "cases/$name/out" -p:Platform="$platform" >"$dir/build.log" 2>&1
  echo $? >"$dir/exitcode"
  set -e
  grep -m1 "error $expected" "$dir/build.log" || { cat "$dir/build.log"; echo "case $name: no $expected"; exit 1; }
  [ "$(cat "$dir/exitcode")" -ne 0 ] || { echo "case $name: the build succeeded"; exit 1; }
  [ ! -e "$out/cases/$name/out/MonitoringAgent.wixipl" ] || { echo "case $name: something was linked"; exit 1; }
}
case_build port135 WIX9701 x64 '<wmi:FixedPort Port="135" />'
case_build portAbc WIX9701 x64 '<wmi:FixedPort Port="abc" />'
case_build port70000 WIX9701 x64 '<wmi:FixedPort Port="70000" />'
case_build authLevel9 WIX9701 x64 '<wmi:FixedPort AuthenticationLevel="9" />'
case_build remoteAddresses WIX9701 x64 '<wmi:FixedPort RemoteAddresses="10.0.0.0/33,192.0.2.1" />'
case_build firewallMaybe WIX9701 x64 '<wmi:FixedPort Firewall="maybe" />'
case_build twoElements WIX9702 x64 '<wmi:FixedPort /><wmi:FixedPort Port="24181" />'
case_build x86 WIX9703 x86 '<wmi:FixedPort />'

echo "== Tests on the linked outputs and the compile errors (tests/WmiFixedPort.Wixext.Tests)"
WMIFIXEDPORT_WIXEXT_OUT="$out" WMIFIXEDPORT_REQUIRE_WIX=1 \
  dotnet test tests/WmiFixedPort.Wixext.Tests/WmiFixedPort.Wixext.Tests.csproj -c Release -nologo
