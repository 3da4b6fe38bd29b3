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

echo "== The readmes show the element the sample (built below) uses"
element="$(grep -o '<wmi:FixedPort [A-Za-z][^>]*/>' packaging/samples/MonitoringAgent/Package.wxs)"
for readme in README.md packaging/README.md packaging/WmiFixedPort.Wixext/README.md; do
  grep -qF "$element" "$readme" || { echo "$readme does not show the sample's $element"; exit 1; }
done
# (no "unzip | grep -q" under pipefail: grep may exit before unzip has written everything, and SIGPIPE fails the pipe)
packaged_readme="$(unzip -p "$nupkg" README.md)"
grep -qF "$element" <<<"$packaged_readme" || { echo "the package's README.md does not show $element"; exit 1; }

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
  entries="$(unzip -Z1 "$ipl")"
  grep -qx wix-ir.json <<<"$entries" || { echo "$ipl holds no wix-ir.json"; exit 1; }
done

# Variants of the sample, each in its own copy (the sample's .wixproj, a changed Package.wxs), built like the sample.
# "ok" variants must link; the others must fail with the given error and link nothing. The tests check the details.
variant() { # name, expected ("ok" or an error id), platform; the Package.wxs on stdin
  local name="$1" expected="$2" platform="$3" dir="$out/cases/$1"
  mkdir -p "$dir"
  cp packaging/samples/MonitoringAgent/MonitoringAgent.wixproj "$dir/"
  cat >"$dir/Package.wxs"
  echo "== Variant $name (expected: $expected)"
  set +e
  build_sample "$dir/MonitoringAgent.wixproj" "cases/$name/out" -p:Platform="$platform" >"$dir/build.log" 2>&1
  echo $? >"$dir/exitcode"
  set -e
  local ipl="$out/cases/$name/out/MonitoringAgent.wixipl"
  if [ "$expected" = ok ]; then
    [ "$(cat "$dir/exitcode")" -eq 0 ] && [ -s "$ipl" ] || { cat "$dir/build.log"; echo "variant $name: did not link"; exit 1; }
  else
    grep -m1 "error $expected" "$dir/build.log" || { cat "$dir/build.log"; echo "variant $name: no $expected"; exit 1; }
    [ "$(cat "$dir/exitcode")" -ne 0 ] || { echo "variant $name: the build succeeded"; exit 1; }
    [ ! -e "$ipl" ] || { echo "variant $name: something was linked"; exit 1; }
  fi
}
# The sample with its element line replaced (compile errors).
element_case() { # name, expected error, platform, element markup
  python3 - "$4" <<'PY' | variant "$1" "$2" "$3"
import re, sys
source = open("packaging/samples/MonitoringAgent/Package.wxs", encoding="utf-8").read()
changed, count = re.subn(r"^( *)<wmi:FixedPort [^>]*/>$", lambda m: m.group(1) + sys.argv[1], source, flags=re.M)
assert count == 1, "the sample must hold exactly one wmi:FixedPort element"
sys.stdout.write(changed)
PY
}
element_case port135 WIX9701 x64 '<wmi:FixedPort Port="135" />'
element_case portAbc WIX9701 x64 '<wmi:FixedPort Port="abc" />'
element_case port70000 WIX9701 x64 '<wmi:FixedPort Port="70000" />'
element_case authLevel9 WIX9701 x64 '<wmi:FixedPort AuthenticationLevel="9" />'
element_case remoteAddresses WIX9701 x64 '<wmi:FixedPort RemoteAddresses="10.0.0.0/33,192.0.2.1" />'
element_case firewallMaybe WIX9701 x64 '<wmi:FixedPort Firewall="maybe" />'
element_case twoElements WIX9702 x64 '<wmi:FixedPort /><wmi:FixedPort Port="24181" />'
element_case x86 WIX9703 x86 '<wmi:FixedPort />'

# The element in Package: the consumer places the component groups in its own features (how installer/ can use it).
package_mode() { # without the engine group when $1 = orphan
  local engine='<ComponentGroupRef Id="WmiFixedPortEngineComponents" />'
  [ "$1" != orphan ] || engine=''
  cat <<XML
<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs" xmlns:wmi="urn:wmifixedport:wix:v1">
  <Package Name="Contoso Monitoring Agent" Manufacturer="Contoso" Version="1.0.0"
           UpgradeCode="6A1E5C0B-3F27-4D8E-9B51-0C7D2E4F8A19" Scope="perMachine" Compressed="yes">
    <MajorUpgrade Schedule="afterInstallInitialize" DowngradeErrorMessage="A newer version is installed." />
    <MediaTemplate EmbedCab="yes" />
    <wmi:FixedPort AuthenticationLevel="[AGENT_WMI_AUTH_LEVEL]" />
    <Feature Id="Engine" Level="1" AllowAbsent="no">
      $engine
      <ComponentGroupRef Id="AgentComponents" />
    </Feature>
    <Feature Id="Firewall" Level="1">
      <Level Value="1000" Condition="FIREWALL = 0" />
      <ComponentGroupRef Id="WmiFixedPortFirewallWmiRule_\$(sys.BUILDARCHSHORT)" />
    </Feature>
  </Package>
  <Fragment>
    <ComponentGroup Id="AgentComponents" Directory="ProgramFiles64Folder">
      <Component Id="AgentConfig" Bitness="always64">
        <RegistryValue Root="HKLM" Key="SOFTWARE\Contoso\MonitoringAgent" Name="Installed" Value="1" Type="integer" KeyPath="yes" />
      </Component>
    </ComponentGroup>
  </Fragment>
</Wix>
XML
}
package_mode placed | variant packageMode ok ARM64
package_mode orphan | variant engineNotPlaced WIX0267 x64

echo "== Tests on the linked outputs and the compile errors (tests/WmiFixedPort.Wixext.Tests)"
WMIFIXEDPORT_WIXEXT_OUT="$out" WMIFIXEDPORT_REQUIRE_WIX=1 \
  dotnet test tests/WmiFixedPort.Wixext.Tests/WmiFixedPort.Wixext.Tests.csproj -c Release -nologo
