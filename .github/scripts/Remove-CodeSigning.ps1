# Release workflow, after the last signing step (if: always()): removes from the runner's certificate stores what
# Initialize-CodeSigning.ps1 imported (-Imported, default the environment variable WMIFIXEDPORT_IMPORTED: its step
# output "imported", space-separated <location>/<store>/<SHA-1 thumbprint>
# entries, e.g. CurrentUser/My/AB12...), so the signing key and a trusted internal root do not outlive the job on a
# self-hosted or reused runner. An entry already gone is not an error; a malformed entry is.
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [string] $Imported = $env:WMIFIXEDPORT_IMPORTED
)
$ErrorActionPreference = 'Stop'
foreach ($entry in ($Imported -split '\s+' | Where-Object { $_ -ne '' })) {
  if ($entry -notmatch '^(CurrentUser|LocalMachine)/(My|CA|Root)/([0-9A-Fa-f]{40})$') { throw "Not a certificate store entry: '$entry' (expected <CurrentUser|LocalMachine>/<My|CA|Root>/<SHA-1 thumbprint>)." }
  $location = $Matches[1]; $name = $Matches[2]; $thumbprint = $Matches[3]
  $store = New-Object System.Security.Cryptography.X509Certificates.X509Store($name, $location)
  $store.Open('ReadWrite')
  try {
    $found = $store.Certificates.Find('FindByThumbprint', $thumbprint, $false)
    foreach ($certificate in $found) { $store.Remove($certificate) }
    Write-Host "Removed from $location\$name`: $thumbprint ($($found.Count) certificate(s))"
  } finally { $store.Close() }
}
