# Copies the MSI that the build which started at $BuiltAfter wrote under $SearchRoot (default installer\bin) to
# $Destination\$Name (default WmiFixedPort.msi). WiX puts the culture in a subfolder, so the MSI is found, not assumed.
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Destination,
  [Parameter(Mandatory)] [datetime] $BuiltAfter,
  [string] $SearchRoot = 'installer\bin',
  [string] $Name = 'WmiFixedPort.msi'
)
$ErrorActionPreference = 'Stop'
# -Filter *.msi would also match *.msix (8.3 matching): keep the exact extension only.
$msi = Get-ChildItem -Path $SearchRoot -Recurse -File -Filter *.msi |
  Where-Object { $_.Extension -eq '.msi' -and $_.LastWriteTimeUtc -ge $BuiltAfter.ToUniversalTime() } |
  Sort-Object -Property LastWriteTimeUtc -Descending |
  Select-Object -First 1
if ($null -eq $msi) { throw "No MSI under $SearchRoot was written by this build." }
New-Item -ItemType Directory -Force -Path $Destination | Out-Null
Copy-Item -LiteralPath $msi.FullName -Destination (Join-Path $Destination $Name)
Write-Host "Copied $($msi.FullName) ($($msi.Length) bytes) to $(Join-Path $Destination $Name)"
