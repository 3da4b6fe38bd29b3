# Copies the WmiFixedPort MSI that the build which started at $BuiltAfter wrote under installer\bin to
# $Destination\WmiFixedPort.msi. WiX puts the culture in a subfolder, so the MSI is found, not assumed.
param(
  [Parameter(Mandatory)] [string] $Destination,
  [Parameter(Mandatory)] [datetime] $BuiltAfter
)
$ErrorActionPreference = 'Stop'
# -Filter *.msi would also match *.msix (8.3 matching): keep the exact extension only.
$msi = Get-ChildItem -Path installer\bin -Recurse -File -Filter *.msi |
  Where-Object { $_.Extension -eq '.msi' -and $_.LastWriteTimeUtc -ge $BuiltAfter } |
  Sort-Object -Property LastWriteTimeUtc -Descending |
  Select-Object -First 1
if ($null -eq $msi) { throw "No MSI under installer\bin was written by this build." }
New-Item -ItemType Directory -Force -Path $Destination | Out-Null
Copy-Item -LiteralPath $msi.FullName -Destination (Join-Path $Destination 'WmiFixedPort.msi')
Write-Host "Copied $($msi.FullName) ($($msi.Length) bytes) to $Destination"
