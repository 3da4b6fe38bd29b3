# Release workflow: Authenticode-signs files (WmiFixedPort.exe before the MSI and the extension embed it, then each MSI)
# with the certificate Initialize-CodeSigning.ps1 put in CurrentUser\My, selected by its SHA-1 thumbprint:
#   signtool sign /sha1 <thumbprint> /fd sha256 /tr <RFC 3161 timestamp URL> /td sha256 /d <description> <file>
# then verifies every file it signed, and fails when one does not verify:
#   signtool verify /pa /v <file>   (Authenticode policy: chains to a trusted root, timestamp included)
#   Get-AuthenticodeSignature       (Status Valid, signed by this certificate, with a timestamp countersignature)
# Timestamp servers fail now and then: signing is tried three times, 10 s apart.
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string[]] $Path,
  [Parameter(Mandatory)] [string] $Thumbprint,
  [Parameter(Mandatory)] [string] $TimestampUrl,
  [string] $Description = 'WmiFixedPort'
)
$ErrorActionPreference = 'Stop'

function Find-SignTool {
  # The Windows SDK's x64 signtool.exe, newest SDK first (GitHub's Windows images carry several).
  $kits = Join-Path ${env:ProgramFiles(x86)} 'Windows Kits\10\bin'
  $found = Get-ChildItem -Path $kits -Directory -ErrorAction SilentlyContinue |
    Where-Object { $_.Name -match '^\d+\.\d+\.\d+\.\d+$' } |
    Sort-Object -Property { [version]$_.Name } -Descending |
    ForEach-Object { Join-Path $_.FullName 'x64\signtool.exe' } |
    Where-Object { Test-Path -LiteralPath $_ -PathType Leaf } |
    Select-Object -First 1
  if ($null -eq $found) { throw "signtool.exe was not found under $kits (Windows SDK)." }
  return $found
}

$signtool = Find-SignTool
Write-Host "signtool: $signtool"
foreach ($file in $Path) {
  if (-not (Test-Path -LiteralPath $file -PathType Leaf)) { throw "$file does not exist: nothing to sign." }
  $signed = $false
  for ($attempt = 1; $attempt -le 3 -and -not $signed; $attempt++) {
    & $signtool sign /sha1 $Thumbprint /fd sha256 /tr $TimestampUrl /td sha256 /d $Description $file
    if ($LASTEXITCODE -eq 0) { $signed = $true }
    elseif ($attempt -lt 3) { Write-Host "signtool sign exited with $LASTEXITCODE (attempt $attempt of 3); trying again in 10 s"; Start-Sleep -Seconds 10 }
  }
  if (-not $signed) { throw "signtool sign failed three times for $file" }

  & $signtool verify /pa /v $file
  if ($LASTEXITCODE -ne 0) { throw "signtool verify /pa failed for $file (exit code $LASTEXITCODE)" }
  $signature = Get-AuthenticodeSignature -LiteralPath $file
  if ($signature.Status -ne 'Valid') { throw "Get-AuthenticodeSignature says $($signature.Status) for ${file}: $($signature.StatusMessage)" }
  if ($signature.SignerCertificate.Thumbprint -ne $Thumbprint) { throw "$file is signed by $($signature.SignerCertificate.Thumbprint), not by $Thumbprint" }
  if ($null -eq $signature.TimeStamperCertificate) { throw "$file carries no timestamp: the signature would expire with the certificate" }
  Write-Host "Signed and verified: $file ($($signature.SignerCertificate.Subject), timestamp by $($signature.TimeStamperCertificate.Subject))"
}
