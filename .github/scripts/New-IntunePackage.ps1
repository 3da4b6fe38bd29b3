# Builds the Intune Win32 app package (.intunewin) of the shipping MSI with Microsoft's Win32 Content Prep Tool
# (github.com/microsoft/Microsoft-Win32-Content-Prep-Tool), pinned to one commit and checked by its SHA-256 before it
# runs. The tool packs every file of its setup folder, so the MSI is staged in a folder of its own, beside the kit's
# install.cmd and uninstall.cmd (packaging/intune), which the Intune recipe names as the app's commands, and the two
# scripts they run (Install-WmiFixedPort.ps1, Uninstall-WmiFixedPort.ps1: generated from packaging/kit-source).
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Msi,
  [Parameter(Mandatory)] [string] $Destination,
  [string] $KitDirectory = (Join-Path $PSScriptRoot '..\..\packaging\intune')
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
# Commit 1d6cfcb ("Fixing the exe.", after release v1.8.7) and the SHA-256 of its IntuneWinAppUtil.exe.
$commit = '1d6cfcbdf8c28edc596337031f74df951f38f718'
$expectedHash = 'C1BA45B5CB939E84AF064BB7FF4B38FB3DFE33C8DC1078FD9B157672EAE671F6'
$tool = Join-Path $env:RUNNER_TEMP 'IntuneWinAppUtil.exe'
Invoke-WebRequest -UseBasicParsing -Uri "https://raw.githubusercontent.com/microsoft/Microsoft-Win32-Content-Prep-Tool/$commit/IntuneWinAppUtil.exe" -OutFile $tool
$hash = (Get-FileHash -LiteralPath $tool -Algorithm SHA256).Hash
if ($hash -ne $expectedHash) { throw "IntuneWinAppUtil.exe has SHA-256 $hash, expected ${expectedHash}: refusing to run it." }

$setup = Join-Path $env:RUNNER_TEMP 'intune-setup'
if (Test-Path -LiteralPath $setup) { Remove-Item -LiteralPath $setup -Recurse -Force }
New-Item -ItemType Directory -Force -Path $setup | Out-Null
Copy-Item -LiteralPath $Msi -Destination (Join-Path $setup 'WmiFixedPort.msi')
foreach ($command in 'install.cmd', 'uninstall.cmd', 'Install-WmiFixedPort.ps1', 'Uninstall-WmiFixedPort.ps1') {
  $source = Join-Path $KitDirectory $command
  if (-not (Test-Path -LiteralPath $source -PathType Leaf)) { throw "The Intune kit's $command is missing at $source." }
  Copy-Item -LiteralPath $source -Destination (Join-Path $setup $command)
}
New-Item -ItemType Directory -Force -Path $Destination | Out-Null

& $tool -c $setup -s 'WmiFixedPort.msi' -o $Destination -q
if ($LASTEXITCODE -ne 0) { throw "IntuneWinAppUtil.exe exited with $LASTEXITCODE" }
$package = Join-Path $Destination 'WmiFixedPort.intunewin'
if (-not (Test-Path -LiteralPath $package -PathType Leaf)) { throw "IntuneWinAppUtil.exe wrote no $package" }
Write-Host "Built $package ($((Get-Item -LiteralPath $package).Length) bytes)"
