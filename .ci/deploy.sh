#!/usr/bin/env bash
# Deployment kit (packaging/gpo, packaging/intune, packaging/configmgr) on Linux:
#   1. Microsoft's ADMX schema check of the Group Policy template (../shared/tools/admx-schema-check.cs; beside our own
#      clones only: on GitHub's Linux runner ../shared does not exist and the step says so; the template's checks
#      against the installer and its .adml are Pester tests, step 4, which run everywhere);
#   2. PowerShell 7.6.9 (.config/dotnet-tools.json) and Pester 6.2.0 (tests/scripts/Pester.Restore.csproj, version in
#      Directory.Packages.props) restored from NuGet by the repository's own files;
#   3. the kit generator with -Check: the committed scripts in packaging/intune and packaging/configmgr must be what
#      packaging/kit-source/Build-KitScripts.ps1 writes from their one source (non-zero on any difference);
#   4. the Pester suite in tests/scripts, closing with "pester: N passed, N failed, N skipped"; non-zero on any failure
#      or when no test ran.
# The scripts' real runs on Windows (install, detection, sharedhost, uninstall) are Windows-lane steps.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="../shared"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 POWERSHELL_TELEMETRY_OPTOUT=1 POWERSHELL_UPDATECHECK=Off

echo "== Deployment kit: ADMX schema check"
if [ -f "$shared/tools/admx-schema-check.cs" ] && [ -d "$shared/admx-schemas" ]; then
  dotnet run --file "$shared/tools/admx-schema-check.cs" -- packaging/gpo
else
  echo "ADMX schema check NOT RUN: $shared/tools/admx-schema-check.cs and $shared/admx-schemas exist only beside our own clones"
fi

echo "== Deployment kit: PowerShell and Pester from NuGet"
dotnet tool restore
dotnet restore tests/scripts/Pester.Restore.csproj --nologo -v quiet
pester_root=$(dotnet msbuild tests/scripts/Pester.Restore.csproj -nologo -getProperty:PkgPester)
pester_module="$pester_root/tools/Pester.psd1"
[ -f "$pester_module" ] || { echo "Pester module not found at $pester_module"; exit 1; }

echo "== Deployment kit: generated scripts equal their source (Build-KitScripts.ps1 -Check)"
dotnet tool run pwsh -NoLogo -NoProfile -NonInteractive -File packaging/kit-source/Build-KitScripts.ps1 -Check

echo "== Deployment kit: Pester (tests/scripts)"
dotnet tool run pwsh -NoLogo -NoProfile -NonInteractive -File tests/scripts/Invoke-DeployTests.ps1 -PesterModule "$pester_module"
