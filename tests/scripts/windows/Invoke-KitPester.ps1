# Windows lane only: the deployment kit's Pester suite (tests/scripts) under Windows PowerShell 5.1 - the host Intune
# and ConfigMgr run the scripts in - with the real Windows adapters enabled (WMIFIXEDPORT_KIT_REAL=1:
# tests/scripts/WindowsAdapters.Tests.ps1 uses the real registry, ACLs, firewall rules, Windows Installer and msiexec).
# Pester 6.2.0 comes from NuGet through tests/scripts/Pester.Restore.csproj (the version in Directory.Packages.props),
# as on Linux (.ci/deploy.sh). Ends with Invoke-DeployTests.ps1's "pester: N passed, N failed, N skipped" line; exit
# code non-zero on any failure. Run from an elevated PowerShell 7 step (pwsh) in the repository root.
param(
    [string] $MsiPath
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..\..\..')).Path
$project = Join-Path $repo 'tests\scripts\Pester.Restore.csproj'
& dotnet restore $project --nologo -v quiet
if ($LASTEXITCODE -ne 0) { throw "dotnet restore $project exited with $LASTEXITCODE" }
$pesterRoot = (& dotnet msbuild $project -nologo '-getProperty:PkgPester').Trim()
$module = Join-Path $pesterRoot 'tools\Pester.psd1'
if (-not (Test-Path -LiteralPath $module -PathType Leaf)) { throw "Pester module not found at $module" }
$env:WMIFIXEDPORT_KIT_REAL = '1'
if ($MsiPath) { $env:WMIFIXEDPORT_MSI = (Resolve-Path $MsiPath).Path }
$windowsPowerShell = Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe'
& $windowsPowerShell -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File (Join-Path $repo 'tests\scripts\Invoke-DeployTests.ps1') -PesterModule $module
exit $LASTEXITCODE
