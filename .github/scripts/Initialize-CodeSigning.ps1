# Release workflow: decides whether this run signs, and prepares the certificate when it does.
# The certificate comes only from repository secrets, handed over as environment variables by the workflow step:
#   WMIFIXEDPORT_SIGNING_CERT           the code-signing certificate with its private key, a PFX (PKCS#12) file in base64
#   WMIFIXEDPORT_SIGNING_CERT_PASSWORD  the PFX's password (may be empty)
# Without WMIFIXEDPORT_SIGNING_CERT (a fork, a repository without the secret) nothing is signed: a ::warning:: says so in
# the run's annotations and summary, and the step output enabled=false makes every signing step skip. With it, the
# certificate must have a private key, the Code Signing usage (1.3.6.1.5.5.7.3.3) and be valid now, or the run fails
# here, before anything is built. It is imported into CurrentUser\My (other certificates of the PFX, the chain, into
# CurrentUser\CA), so that signtool and dotnet nuget sign select it by fingerprint and no PFX file or password is ever
# on a command line. Step outputs: enabled, thumbprint (SHA-1, for signtool /sha1), sha256 (for dotnet nuget sign),
# imported (the thumbprints this script added to certificate stores, for Remove-CodeSigning.ps1 after the signing).
#   WMIFIXEDPORT_SIGNING_ROOT           optional: the root certificate of an internal PKI (enterprise CA), base64 of its
#                                       .cer (DER or PEM). A certificate from such a CA does not chain to a root the runner
#                                       trusts, so `signtool verify /pa` and `dotnet nuget verify` would fail; with this
#                                       secret the root is imported into LocalMachine\Root first (the runner is an
#                                       administrator). It must be a self-signed CA certificate that issued the signer or
#                                       one of the PFX's intermediates, else the run fails here. Public CAs need no root.
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
$ErrorActionPreference = 'Stop'
function Set-StepOutput([string] $Name, [string] $Value) {
  "$Name=$Value" | Add-Content -LiteralPath $env:GITHUB_OUTPUT -Encoding utf8
}

if ([string]::IsNullOrWhiteSpace($env:WMIFIXEDPORT_SIGNING_CERT)) {
  $message = 'No code-signing certificate is configured (repository secret WMIFIXEDPORT_SIGNING_CERT): this release is NOT signed. WmiFixedPort.exe, the MSIs and the NuGet package are published without signatures.'
  Write-Host "::warning::$message"
  "**Signing: SKIPPED** - $message" | Add-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Encoding utf8
  Set-StepOutput 'enabled' 'false'
  return
}

try {
  $bytes = [Convert]::FromBase64String(($env:WMIFIXEDPORT_SIGNING_CERT -replace '\s', ''))
} catch {
  throw 'WMIFIXEDPORT_SIGNING_CERT is not base64: it must hold the PFX file encoded in base64 (see README, Cutting a release).'
}
$flags = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]'PersistKeySet, UserKeySet'
$collection = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2Collection
try {
  $collection.Import($bytes, [string]$env:WMIFIXEDPORT_SIGNING_CERT_PASSWORD, $flags)
} catch {
  throw "WMIFIXEDPORT_SIGNING_CERT could not be opened as a PFX with WMIFIXEDPORT_SIGNING_CERT_PASSWORD: $($_.Exception.Message)"
}
$codeSigning = '1.3.6.1.5.5.7.3.3'
$now = [DateTime]::Now
$signer = $null
foreach ($certificate in $collection) {
  if (-not $certificate.HasPrivateKey) { continue }
  $usages = @($certificate.Extensions | Where-Object { $_ -is [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension] } |
    ForEach-Object { $_.EnhancedKeyUsages } | ForEach-Object { $_.Value })
  if ($usages -notcontains $codeSigning) { throw "The certificate $($certificate.Subject) ($($certificate.Thumbprint)) has a private key but not the Code Signing usage ($codeSigning)." }
  if ($certificate.NotBefore -gt $now -or $certificate.NotAfter -lt $now) { throw "The certificate $($certificate.Subject) is valid from $($certificate.NotBefore) to $($certificate.NotAfter), not now." }
  $signer = $certificate
  break
}
if ($null -eq $signer) { throw 'The PFX in WMIFIXEDPORT_SIGNING_CERT holds no certificate with a private key.' }

$root = $null
if (-not [string]::IsNullOrWhiteSpace($env:WMIFIXEDPORT_SIGNING_ROOT)) {
  try {
    $rootBytes = [Convert]::FromBase64String(($env:WMIFIXEDPORT_SIGNING_ROOT -replace '\s', ''))
  } catch {
    throw 'WMIFIXEDPORT_SIGNING_ROOT is not base64: it must hold the root certificate (.cer, DER or PEM) encoded in base64 (see README, Cutting a release).'
  }
  try {
    $root = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2(,$rootBytes)
  } catch {
    throw "WMIFIXEDPORT_SIGNING_ROOT could not be read as a certificate: $($_.Exception.Message)"
  }
  if ($root.HasPrivateKey) { throw 'WMIFIXEDPORT_SIGNING_ROOT holds a private key: give the root certificate only (.cer), never its key.' }
  $constraints = @($root.Extensions | Where-Object { $_ -is [System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension] })
  if ($root.Subject -ne $root.Issuer -or $constraints.Count -eq 0 -or -not $constraints[0].CertificateAuthority) {
    throw "WMIFIXEDPORT_SIGNING_ROOT ($($root.Subject), issued by $($root.Issuer)) is not a self-signed CA certificate: it must be the root of the signing certificate's chain."
  }
  # The root must have issued the signer or one of the PFX's other certificates (its intermediates), by name.
  $issuers = @($collection | ForEach-Object { $_.Issuer })
  if ($issuers -notcontains $root.Subject) {
    throw "WMIFIXEDPORT_SIGNING_ROOT ($($root.Subject)) issued neither the signing certificate $($signer.Subject) (issuer $($signer.Issuer)) nor an intermediate in the PFX: it is not this certificate's root."
  }
}

$imported = New-Object System.Collections.Generic.List[string]
if ($null -ne $root) {
  $rootStore = New-Object System.Security.Cryptography.X509Certificates.X509Store('Root', 'LocalMachine')
  $rootStore.Open('ReadWrite')
  try { $rootStore.Add($root) } finally { $rootStore.Close() }
  $imported.Add("LocalMachine/Root/$($root.Thumbprint)")
  Write-Host "Trusted root imported into LocalMachine\Root: $($root.Subject) (SHA-1 $($root.Thumbprint))"
}

$my = New-Object System.Security.Cryptography.X509Certificates.X509Store('My', 'CurrentUser')
$ca = New-Object System.Security.Cryptography.X509Certificates.X509Store('CA', 'CurrentUser')
$my.Open('ReadWrite'); $ca.Open('ReadWrite')
try {
  $my.Add($signer)
  $imported.Add("CurrentUser/My/$($signer.Thumbprint)")
  foreach ($certificate in $collection) {
    if ($certificate.Thumbprint -ne $signer.Thumbprint) { $ca.Add($certificate); $imported.Add("CurrentUser/CA/$($certificate.Thumbprint)") }
  }
} finally { $my.Close(); $ca.Close() }

$sha256 = New-Object System.Security.Cryptography.SHA256Managed
$fingerprint = ([BitConverter]::ToString($sha256.ComputeHash($signer.RawData))) -replace '-', ''
Write-Host "Signing with $($signer.Subject), issued by $($signer.Issuer), valid until $($signer.NotAfter.ToString('yyyy-MM-dd')), SHA-1 $($signer.Thumbprint), SHA-256 $fingerprint"
"**Signing: ON** - $($signer.Subject) (SHA-256 $fingerprint), valid until $($signer.NotAfter.ToString('yyyy-MM-dd'))" | Add-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Encoding utf8
Set-StepOutput 'enabled' 'true'
Set-StepOutput 'thumbprint' $signer.Thumbprint
Set-StepOutput 'sha256' $fingerprint
Set-StepOutput 'imported' ($imported -join ' ')
