# Release workflow: stages the deployment kit of one version and zips it.
#   $Destination\kit\gpo, \intune, \configmgr   copies of packaging/gpo (ADMX/ADML), packaging/intune (scripts, install.cmd,
#                                               uninstall.cmd) and packaging/configmgr, each with its README;
#   the scripts generated for -Version by packaging/kit-source/Build-KitScripts.ps1 -Version <v> -OutputRoot <kit>
#   (contracts.md, interface 3: the detection scripts' minimum product version is the release's version);
#   $Destination\WmiFixedPort-<version>-kit.zip  the staged kit, entries in ordinal order of their names.
# The generator is required: without it the kit's scripts would carry another version's minimum, so the script throws
# before anything is zipped. With -Thumbprint (signing configured), every .ps1 of the kit is
# Authenticode-signed and verified (Invoke-AuthenticodeSigning.ps1) before it is zipped: Intune's "Enforce script
# signature check" and AllSigned execution policies then accept the detection and remediation scripts.
# Returns the staged kit folder (New-IntunePackage.ps1 takes its intune\).
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Version,
  [Parameter(Mandatory)] [string] $Destination,
  [string] $RepositoryRoot = (Join-Path $PSScriptRoot '..\..'),
  [string] $Thumbprint = '',
  [string] $TimestampUrl = ''
)
$ErrorActionPreference = 'Stop'
$RepositoryRoot = (Resolve-Path -LiteralPath $RepositoryRoot).Path
New-Item -ItemType Directory -Force -Path $Destination | Out-Null
$Destination = (Resolve-Path -LiteralPath $Destination).Path
$kit = Join-Path $Destination 'kit'
if (Test-Path -LiteralPath $kit) { Remove-Item -LiteralPath $kit -Recurse -Force }
New-Item -ItemType Directory -Force -Path $kit | Out-Null
foreach ($part in 'gpo', 'intune', 'configmgr') {
  $source = Join-Path $RepositoryRoot "packaging\$part"
  if (-not (Test-Path -LiteralPath $source -PathType Container)) { throw "The kit's folder $source is missing." }
  Copy-Item -LiteralPath $source -Destination (Join-Path $kit $part) -Recurse
}

$generator = Join-Path $RepositoryRoot 'packaging\kit-source\Build-KitScripts.ps1'
if (Test-Path -LiteralPath $generator -PathType Leaf) {
  Write-Host "Generating the kit scripts for $Version with $generator"
  $global:LASTEXITCODE = 0
  $generated = & $generator -Version $Version -OutputRoot $kit
  $ok = $?
  $generated | Out-Host   # shown, not returned: this script returns only the kit folder
  if (-not $ok -or $LASTEXITCODE -ne 0) { throw "$generator -Version $Version failed (exit code $LASTEXITCODE)." }
} else {
  throw "$generator is missing: the kit's scripts cannot carry the minimum product version $Version (contracts.md, interface 3), so no kit is built."
}

if ($Thumbprint -ne '') {
  $scripts = @(Get-ChildItem -LiteralPath $kit -Recurse -File -Filter *.ps1 | ForEach-Object { $_.FullName })
  if ($scripts.Count -gt 0) {
    & (Join-Path $PSScriptRoot 'Invoke-AuthenticodeSigning.ps1') -Path $scripts -Thumbprint $Thumbprint -TimestampUrl $TimestampUrl -Description 'WmiFixedPort deployment kit' | Out-Host
  }
}

$zip = Join-Path $Destination "WmiFixedPort-$Version-kit.zip"
if (Test-Path -LiteralPath $zip) { Remove-Item -LiteralPath $zip -Force }
Add-Type -AssemblyName System.IO.Compression
Add-Type -AssemblyName System.IO.Compression.FileSystem
$archive = [System.IO.Compression.ZipFile]::Open($zip, 'Create')
try {
  # Entries named with '/', in ordinal order of those names (the same on every machine and culture).
  $files = @{}
  foreach ($file in (Get-ChildItem -LiteralPath $kit -Recurse -File)) { $files[$file.FullName.Substring($kit.Length + 1).Replace('\', '/')] = $file.FullName }
  $names = [string[]]@($files.Keys)
  [Array]::Sort($names, [StringComparer]::Ordinal)
  foreach ($name in $names) {
    [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($archive, $files[$name], $name, 'Optimal') | Out-Null
  }
} finally { $archive.Dispose() }
Write-Host "Built $zip ($($names.Count) files)"
return $kit
