#!/usr/bin/env bash
# WmiFixedPort.wixext on Linux with the real WiX SDKs 5.0.2 (../shared/wix-feed), 6.0.2 and 7.0.0 (../shared/wix-feed-next):
#   1. pack: the one pack command (packaging/WmiFixedPort.Wixext/Package) builds wixext5/6/7 and writes the WiX 5, 6 and 7
#      packages; their layout, dependencies and licence are checked, and a second pack from a clone in another folder
#      must give the same bytes;
#   2. per WiX major, from the packed package, consumers written the way another team would (outside the repository:
#      Sdk="WixToolset.Sdk/<version>", one PackageReference with a version, warnings as errors; v7: AcceptEula): the sample's
#      Package.wxs for x64 and arm64, the element in Package and in a Fragment, one copy per compile error, a consumer that
#      also references Util/Firewall itself, a package of another major (WMIFIXEDPORT001) and, for v7, no AcceptEula
#      (WIX7015). The repository's own sample project (packaging/samples/MonitoringAgent, WiX 5) is built too;
#   3. tests/WmiFixedPort.Wixext.Tests on those outputs with WMIFIXEDPORT_REQUIRE_WIX=1 (missing inputs fail, never skip).
# Outputs: artifacts/ci/wixext/{feed, sample/<arch> (the repository's sample), wix<N>/sample/<arch>, wix<N>/cases/<name>}.
# Binding an .msi, ICE and installing: Windows lane only (.github/scripts/Build-ConsumerSample.ps1, each major).
set -euo pipefail
cd "$(dirname "$0")/.."
feed="$(cd ../shared/wix-feed && pwd)"
feed_next="$(cd ../shared/wix-feed-next && pwd)"
out="$PWD/artifacts/ci/wixext"
rm -rf "$out"
mkdir -p "$out/feed"
# The generated consumers live outside the repository, so that nothing of ours (Directory.Build.props,
# Directory.Packages.props) reaches them: they are what a stranger writes.
consumers="$(mktemp -d "${TMPDIR:-/tmp}/wmifixedport-consumers.XXXXXX")"
trap 'rm -rf "$consumers"' EXIT

nuget_config() { # folder: the Linux WiX packages (both feeds) and our local feed. In the CI clone only (.gitignore): a
  # committed nuget.config naming a Linux path breaks restore on Windows.
  cat > "$1/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="wix-linux" value="$feed" />
    <add key="wix-linux-next" value="$feed_next" />
    <add key="wmifixedport-local" value="$out/feed" />
  </packageSources>
</configuration>
XML
}
nuget_config packaging
nuget_config "$consumers"
# Keep the Linux rebuilds of the WiX packages out of the shared global package folder; drop any earlier copy of our own
# package so the consumers restore the ones packed now.
export NUGET_PACKAGES="$PWD/.nuget-wix-linux"
rm -rf "$NUGET_PACKAGES/wmifixedport.wixext"
commit="$(git rev-parse HEAD)"
timestamp="$(git log -1 --format=%cI)" # the package's entry times: the commit's, so that a rebuild gives the same bytes

# The versions, from where they are pinned (Directory.Packages.props: 5; packaging/WmiFixedPort.Wixext/WixMajor.props: 6, 7;
# Directory.Build.props: ours).
props="$(dotnet msbuild packaging/WmiFixedPort.Wixext/WmiFixedPort.wixext.csproj -getProperty:WmiFixedPortWixVersion \
  -getProperty:WmiFixedPortWix6Version -getProperty:WmiFixedPortWix7Version -getProperty:Version)"
prop() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])["Properties"][sys.argv[2]])' "$props" "$1"; }
declare -A wix_version=([5]="$(prop WmiFixedPortWixVersion)" [6]="$(prop WmiFixedPortWix6Version)" [7]="$(prop WmiFixedPortWix7Version)")
version="$(prop Version)"
declare -A our_version=([5]="$version" [6]="$version.6" [7]="$version.7")
majors="5 6 7"

pack() { # repository folder, output folder: THE pack command (the Windows lane and the release run the same one)
  (cd "$1" && dotnet pack packaging/WmiFixedPort.Wixext/Package/WmiFixedPort.wixext.Package.csproj -c Release -o "$2" -warnaserror \
    -p:SourceRevisionId="$commit" -p:DeterministicTimestamp="$timestamp" ${WMIFIXEDPORT_EXE_DIR:+-p:WmiFixedPortExeDir="$WMIFIXEDPORT_EXE_DIR"} -nologo -clp:NoSummary)
}
echo "== Build and pack WmiFixedPort.wixext: wixext5/6/7, each with the wixlib its own WiX SDK built; packages for WiX 5, 6, 7"
pack "$PWD" "$out/feed"

echo "== WiX v7's EULA is accepted only for the wixext7/ build and in the v7 test consumers"
accepted="$(git grep -l -e '<AcceptEula>wix7</AcceptEula>' -e 'AcceptEula=wix7' -- ':!*.md' ':!.github/workflows/*' | sort | tr '\n' ' ')"
expected=".ci/wixext.sh .github/scripts/Build-ConsumerSample.ps1 packaging/WmiFixedPort.Wixext/wixext7/WmiFixedPort.wixext7.csproj packaging/WmiFixedPort.Wixlib/Platform/WmiFixedPort.Platform.wix7.wixproj packaging/WmiFixedPort.Wixlib/WmiFixedPort.Wixlib.wix7.wixproj "
[ "$accepted" = "$expected" ] || { echo "AcceptEula=wix7 in: $accepted (expected only: $expected)"; exit 1; }

echo "== Package layout and metadata"
grep -qx 'MIT License' <(head -1 LICENSE) || { echo "LICENSE is not the MIT licence"; exit 1; }
for major in $majors; do
  nupkg="$out/feed/WmiFixedPort.wixext.${our_version[$major]}.nupkg"
  [ -s "$nupkg" ] || { echo "no package $nupkg for WiX $major"; ls "$out/feed"; exit 1; }
  listing="$(unzip -Z1 "$nupkg")"
  echo "-- $(basename "$nupkg") (WiX $major):"; echo "$listing" | sed 's/^/   /'
  for entry in build/WmiFixedPort.wixext.targets wixext5/WmiFixedPort.wixext.dll wixext6/WmiFixedPort.wixext.dll \
               wixext7/WmiFixedPort.wixext.dll schemas/wmifixedport.xsd README.md LICENSE; do
    grep -qx "$entry" <<<"$listing" || { echo "package lacks $entry"; exit 1; }
  done
  if grep -q '^lib/' <<<"$listing"; then echo "package has a lib/ folder"; exit 1; fi
  cmp <(unzip -p "$nupkg" LICENSE) LICENSE || { echo "the package's LICENSE is not the repository's"; exit 1; }
  nuspec="$(unzip -p "$nupkg" WmiFixedPort.wixext.nuspec)"
  if grep -q '<group' <<<"$nuspec"; then echo "nuspec declares a dependency group (a .wixproj restores as TFM native)"; exit 1; fi
  range="[${wix_version[$major]}, $((major + 1)).0.0)"
  for dep in WixToolset.Util.wixext WixToolset.Firewall.wixext; do
    grep -qF "<dependency id=\"$dep\" version=\"$range\"" <<<"$nuspec" || { echo "nuspec lacks $dep $range"; exit 1; }
  done
  [ "$(grep -c '<dependency ' <<<"$nuspec")" -eq 2 ] || { echo "nuspec has other dependencies"; exit 1; }
  grep -q '<license type="expression">MIT</license>' <<<"$nuspec" || { echo "nuspec licence is not the expression MIT (LICENSE)"; exit 1; }
  grep -q '<readme>README.md</readme>' <<<"$nuspec" || { echo "nuspec has no readme"; exit 1; }
done
# The three packages differ in their nuspec only (same dlls, targets, schema, readme).
for major in 6 7; do
  for entry in wixext5/WmiFixedPort.wixext.dll wixext6/WmiFixedPort.wixext.dll wixext7/WmiFixedPort.wixext.dll build/WmiFixedPort.wixext.targets; do
    cmp <(unzip -p "$out/feed/WmiFixedPort.wixext.${our_version[5]}.nupkg" "$entry") \
        <(unzip -p "$out/feed/WmiFixedPort.wixext.${our_version[$major]}.nupkg" "$entry") || { echo "$entry differs in the WiX $major package"; exit 1; }
  done
done
# Each folder's dll, for the tests (which WixToolset.Extensibility it references, the wixlib it embeds).
for major in $majors; do
  mkdir -p "$out/wixext$major"
  unzip -p "$out/feed/WmiFixedPort.wixext.$version.nupkg" "wixext$major/WmiFixedPort.wixext.dll" > "$out/wixext$major/WmiFixedPort.wixext.dll"
done

echo "== The readmes show the element the sample (built below) uses"
element="$(grep -o '<wmi:FixedPort [A-Za-z][^>]*/>' packaging/samples/MonitoringAgent/Package.wxs)"
for readme in README.md packaging/README.md packaging/WmiFixedPort.Wixext/README.md; do
  grep -qF "$element" "$readme" || { echo "$readme does not show the sample's $element"; exit 1; }
done
# (no "unzip | grep -q" under pipefail: grep may exit before unzip has written everything, and SIGPIPE fails the pipe)
packaged_readme="$(unzip -p "$out/feed/WmiFixedPort.wixext.$version.nupkg" README.md)"
grep -qF "$element" <<<"$packaged_readme" || { echo "the package's README.md does not show $element"; exit 1; }

echo "== Deterministic: packing from a clone in another folder gives the same bytes"
elsewhere="$consumers/another/folder/WmiFixedPort.Setup"
git clone -q --no-hardlinks "$PWD" "$elsewhere"
git -C "$elsewhere" checkout -q "$commit"
# A working tree with uncommitted changes (a developer's run): the clone gets the same files.
{ git diff --name-only HEAD; git ls-files --others --exclude-standard; } | sort -u | while read -r file; do
  if [ -e "$file" ]; then mkdir -p "$elsewhere/$(dirname "$file")"; cp "$file" "$elsewhere/$file"; else rm -f "$elsewhere/$file"; fi
done
nuget_config "$elsewhere/packaging"
pack "$elsewhere" "$out/repack" >"$out/repack.log" 2>&1 || { cat "$out/repack.log"; echo "the pack in $elsewhere failed"; exit 1; }
for major in $majors; do
  name="WmiFixedPort.wixext.${our_version[$major]}.nupkg"
  cmp "$out/feed/$name" "$out/repack/$name" || { echo "$name: packing in $elsewhere gave other bytes than in $PWD"; exit 1; }
done
echo "same bytes: $(cd "$out/feed" && sha256sum ./*.nupkg | sed 's/  \.\//  /' | tr '\n' ';')"
rm -rf "$elsewhere"

echo "== Schema check of packaging/ with the official WiX schemas plus the extension's XSD"
schemas="$out/schemas"
mkdir -p "$schemas"
cp ../shared/wix-schemas/v6.0.2/*.xsd "$schemas/"
cp packaging/WmiFixedPort.Wixext/wmifixedport.xsd "$schemas/"
dotnet run --file ../shared/tools/wxs-schema-check.cs -- --schemas "$schemas" packaging

build() { # project, output name (under $out), msbuild arguments...
  local project="$1" name="$2"; shift 2
  dotnet build "$project" -c Release -p:OutputType=IntermediatePostLink -warnaserror \
    -p:OutputPath="$out/$name/" -p:IntermediateOutputPath="$out/obj/$name/" -nologo -clp:NoSummary "$@"
}
for arch in x64 ARM64; do
  echo "== The repository's consumer sample (WiX 5), $arch: compile + link through the package"
  build packaging/samples/MonitoringAgent/MonitoringAgent.wixproj "sample/$arch" -p:Platform="$arch"
  unzip -Z1 "$out/sample/$arch/MonitoringAgent.wixipl" > "$out/sample/$arch/entries"
  grep -qx wix-ir.json "$out/sample/$arch/entries" || { echo "the sample's $arch output holds no wix-ir.json"; exit 1; }
done

# A consumer project as another team writes it, for one WiX major. Kinds: "plain" (only our PackageReference), "ownRefs"
# (also Util and Firewall of its major, as a product that uses them itself), "noEula" (v7 without AcceptEula),
# "otherMajor:<M>" (our package made for WiX M).
consumer() { # major, kind, folder
  local major="$1" kind="$2" dir="$3" ours="${our_version[$1]}" extra="" eula=""
  case "$kind" in
    ownRefs) extra="
    <PackageReference Include=\"WixToolset.Util.wixext\" Version=\"${wix_version[$major]}\" />
    <PackageReference Include=\"WixToolset.Firewall.wixext\" Version=\"${wix_version[$major]}\" />" ;;
    otherMajor:*) ours="${our_version[${kind#otherMajor:}]}" ;;
  esac
  if [ "$major" = 7 ] && [ "$kind" != noEula ]; then
    eula="
    <!-- WiX v7: this test consumer accepts the OSMF EULA, as every v7 consumer must in its own project. -->
    <AcceptEula>wix7</AcceptEula>"
  fi
  mkdir -p "$dir"
  cat > "$dir/MonitoringAgent.wixproj" <<XML
<Project Sdk="WixToolset.Sdk/${wix_version[$major]}">
  <PropertyGroup>
    <OutputName>MonitoringAgent</OutputName>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>$eula
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="WmiFixedPort.wixext" Version="$ours" />$extra
  </ItemGroup>
</Project>
XML
}

# One build of a consumer: "ok" must link (no warning at all); anything else is the error it must fail with, linking
# nothing. The tests check the details.
variant() { # major, name, expected ("ok" or an error id), platform, kind; the Package.wxs on stdin
  local major="$1" name="$2" expected="$3" platform="$4" kind="$5"
  local dir="$consumers/wix$major/$name" case_out="$out/wix$major/cases/$name"
  consumer "$major" "$kind" "$dir"
  cat >"$dir/Package.wxs"
  mkdir -p "$case_out"
  echo "== WiX $major: $name ($platform, $kind; expected: $expected)"
  set +e
  build "$dir/MonitoringAgent.wixproj" "wix$major/cases/$name/out" -p:Platform="$platform" >"$case_out/build.log" 2>&1
  echo $? >"$case_out/exitcode"
  set -e
  cp "$dir/MonitoringAgent.wixproj" "$dir/Package.wxs" "$case_out/"
  # What NuGet resolved for it (the tests check the Util/Firewall versions), when the restore got that far.
  if [ -f "$dir/obj/project.assets.json" ]; then cp "$dir/obj/project.assets.json" "$case_out/"; fi
  local ipl="$case_out/out/MonitoringAgent.wixipl"
  if [ "$expected" = ok ]; then
    [ "$(cat "$case_out/exitcode")" -eq 0 ] && [ -s "$ipl" ] || { cat "$case_out/build.log"; echo "wix$major/$name: did not link"; exit 1; }
    if grep -E ': warning [A-Z]+[0-9]+' "$case_out/build.log"; then echo "wix$major/$name: warnings"; exit 1; fi
  else
    grep -m1 "error $expected" "$case_out/build.log" || { cat "$case_out/build.log"; echo "wix$major/$name: no $expected"; exit 1; }
    [ "$(cat "$case_out/exitcode")" -ne 0 ] || { echo "wix$major/$name: the build succeeded"; exit 1; }
    [ ! -e "$ipl" ] || { echo "wix$major/$name: something was linked"; exit 1; }
  fi
}
# The sample's Package.wxs with its element line replaced.
sample_with() { # element markup ("" = the sample as it is)
  python3 - "$1" <<'PY'
import re, sys
source = open("packaging/samples/MonitoringAgent/Package.wxs", encoding="utf-8").read()
if sys.argv[1]:
    source, count = re.subn(r"^( *)<wmi:FixedPort [^>]*/>$", lambda m: m.group(1) + sys.argv[1], source, flags=re.M)
    assert count == 1, "the sample must hold exactly one wmi:FixedPort element"
sys.stdout.write(source)
PY
}
# The element in Package or in a Fragment: the consumer places the component groups in its own features (how installer/
# uses it). In the Fragment, the element is linked because the Package references the Fragment's component group.
placed_by_consumer() { # where ("Package" or "Fragment"), "orphan" to leave the engine group out
  local engine='<ComponentGroupRef Id="WmiFixedPortEngineComponents" />' in_package="" in_fragment=""
  [ "${2:-}" != orphan ] || engine=''
  local element='<wmi:FixedPort AuthenticationLevel="[AGENT_WMI_AUTH_LEVEL]" />'
  if [ "$1" = Package ]; then in_package="$element"; else in_fragment="$element"; fi
  cat <<XML
<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs" xmlns:wmi="urn:wmifixedport:wix:v1">
  <Package Name="Contoso Monitoring Agent" Manufacturer="Contoso" Version="1.0.0"
           UpgradeCode="6A1E5C0B-3F27-4D8E-9B51-0C7D2E4F8A19" Scope="perMachine" Compressed="yes">
    <MajorUpgrade Schedule="afterInstallInitialize" DowngradeErrorMessage="A newer version is installed." />
    <MediaTemplate EmbedCab="yes" />
    $in_package
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
    $in_fragment
    <ComponentGroup Id="AgentComponents" Directory="ProgramFiles64Folder">
      <Component Id="AgentConfig" Bitness="always64">
        <RegistryValue Root="HKLM" Key="SOFTWARE\Contoso\MonitoringAgent" Name="Installed" Value="1" Type="integer" KeyPath="yes" />
      </Component>
    </ComponentGroup>
  </Fragment>
</Wix>
XML
}

for major in $majors; do
  # The sample, as a stranger's project of this major: x64 and arm64 (wix<N>/sample/<arch>).
  for arch in x64 ARM64; do
    sample_with "" | variant "$major" "sample-$arch" ok "$arch" plain
    mkdir -p "$out/wix$major/sample"
    cp -r "$out/wix$major/cases/sample-$arch/out" "$out/wix$major/sample/$arch"
  done
  sample_with "" | variant "$major" ownRefs ok x64 ownRefs
  placed_by_consumer Package | variant "$major" packageMode ok ARM64 plain
  placed_by_consumer Fragment | variant "$major" fragmentMode ok x64 plain
  placed_by_consumer Package orphan | variant "$major" engineNotPlaced WIX0267 x64 plain
  sample_with '<wmi:FixedPort Port="135" />' | variant "$major" port135 WIX9701 x64 plain
  sample_with '<wmi:FixedPort Port="abc" />' | variant "$major" portAbc WIX9701 x64 plain
  sample_with '<wmi:FixedPort Port="70000" />' | variant "$major" port70000 WIX9701 x64 plain
  sample_with '<wmi:FixedPort AuthenticationLevel="9" />' | variant "$major" authLevel9 WIX9701 x64 plain
  sample_with '<wmi:FixedPort RemoteAddresses="10.0.0.0/33,192.0.2.1" />' | variant "$major" remoteAddresses WIX9701 x64 plain
  sample_with '<wmi:FixedPort Firewall="maybe" />' | variant "$major" firewallMaybe WIX9701 x64 plain
  sample_with '<wmi:FixedPort /><wmi:FixedPort Port="24181" />' | variant "$major" twoElements WIX9702 x64 plain
  sample_with '<wmi:FixedPort />' | variant "$major" x86 WIX9703 x86 plain
  # A parent the XSD does not list (Component): the compiler refuses it too (WiX's "unexpected element").
  sample_with '<Component Id="AgentWmi" Directory="AGENTFOLDER" Bitness="always64"><RegistryValue Root="HKLM" Key="SOFTWARE\Contoso\MonitoringAgent" Name="Wmi" Value="1" Type="integer" KeyPath="yes" /><wmi:FixedPort /></Component>' \
    | variant "$major" inComponent WIX0005 x64 plain
  # An attribute of another extension's namespace goes to that extension (util here), which refuses it.
  sample_with '<wmi:FixedPort xmlns:util="http://wixtoolset.org/schemas/v4/wxs/util" util:Foo="1" />' \
    | variant "$major" foreignAttribute WIX0004 x64 plain
done
# Our package made for another major: the build stops before compiling, saying which version to use.
sample_with "" | variant 6 otherMajor WMIFIXEDPORT001 x64 otherMajor:5
sample_with "" | variant 5 otherMajor WMIFIXEDPORT001 x64 otherMajor:7
# WiX v7 without the EULA accepted: WiX's own WIX7015 (the README tells v7 consumers to accept it themselves).
sample_with "" | variant 7 noEula WIX7015 x64 noEula

echo "== Tests on the linked outputs and the compile errors (tests/WmiFixedPort.Wixext.Tests)"
WMIFIXEDPORT_WIXEXT_OUT="$out" WMIFIXEDPORT_REQUIRE_WIX=1 \
  dotnet test tests/WmiFixedPort.Wixext.Tests/WmiFixedPort.Wixext.Tests.csproj -c Release -nologo
