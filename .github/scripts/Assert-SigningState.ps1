# Release workflow: signing fails closed. -Configured is "${{ secrets.WMIFIXEDPORT_SIGNING_CERT != '' }}" (true/false),
# -Signed the signing decision this job sees (Initialize-CodeSigning.ps1's output "enabled", or the build job's output
# "signed" in publish). A configured certificate with anything but Signed=true (a missing or empty output, a renamed
# step) fails the job instead of letting every signing step skip and an unsigned release go out as if intended.
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [AllowEmptyString()] [string] $Configured,
  [Parameter(Mandatory)] [AllowEmptyString()] [string] $Signed,
  [Parameter(Mandatory)] [string] $Where
)
$ErrorActionPreference = 'Stop'
if ($Configured -eq 'true' -and $Signed -ne 'true') {
  throw "${Where}: a signing certificate is configured (secret WMIFIXEDPORT_SIGNING_CERT) but the signing decision is '$Signed', not 'true': refusing to go on unsigned."
}
if ($Configured -ne 'true' -and $Signed -eq 'true') {
  throw "${Where}: signing is on ('$Signed') but no certificate secret is visible to this job: the secrets' scope (Environment 'release') differs between jobs."
}
Write-Host "${Where}: certificate configured: $Configured; signed: $Signed"
