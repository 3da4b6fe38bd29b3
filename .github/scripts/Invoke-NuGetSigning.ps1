# Release workflow: signs NuGet packages with the certificate Initialize-CodeSigning.ps1 put in CurrentUser\My, selected
# by its SHA-256 fingerprint (the .NET 10 SDK refuses a SHA-1 one, NU3043), with an RFC 3161 timestamp, then verifies
# each package and that its signer is this certificate (dotnet nuget verify --all --certificate-fingerprint).
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string[]] $Path,
  [Parameter(Mandatory)] [string] $Fingerprint,
  [Parameter(Mandatory)] [string] $TimestampUrl
)
$ErrorActionPreference = 'Stop'
foreach ($package in $Path) {
  if (-not (Test-Path -LiteralPath $package -PathType Leaf)) { throw "$package does not exist: nothing to sign." }
  $signed = $false
  for ($attempt = 1; $attempt -le 3 -and -not $signed; $attempt++) {
    & dotnet nuget sign $package --certificate-fingerprint $Fingerprint --certificate-store-location CurrentUser `
      --certificate-store-name My --timestamper $TimestampUrl
    if ($LASTEXITCODE -eq 0) { $signed = $true }
    elseif ($attempt -lt 3) { Write-Host "dotnet nuget sign exited with $LASTEXITCODE (attempt $attempt of 3); trying again in 10 s"; Start-Sleep -Seconds 10 }
  }
  if (-not $signed) { throw "dotnet nuget sign failed three times for $package" }
  & dotnet nuget verify --all $package --certificate-fingerprint $Fingerprint --verbosity normal
  if ($LASTEXITCODE -ne 0) { throw "dotnet nuget verify failed for $package (exit code $LASTEXITCODE)" }
  Write-Host "Signed and verified: $package"
}
