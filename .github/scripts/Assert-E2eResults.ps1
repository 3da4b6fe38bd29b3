# The end-to-end result gate. dotnet test passes a run whose scenarios were skipped; on this lane a skipped scenario
# means a broken lane, so every test in the TRX must have passed. One exception, only where the remote client is
# optional (no -RemoteRequired) and the lane declared why it has none ($env:WMIFIXEDPORT_REMOTE_UNAVAILABLE, set by
# Prepare-RemoteWmiClient.ps1): the remote WMI scenario (RemoteWmi_*) may be reported as not run (Inconclusive, which
# the TRX logger may write as NotExecuted).
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Trx,
  [switch] $RemoteRequired
)
$ErrorActionPreference = 'Stop'
$run = ([xml](Get-Content -LiteralPath $Trx -Raw)).TestRun
$results = @($run.Results.UnitTestResult)
$remoteUnavailable = (-not $RemoteRequired) -and (-not [string]::IsNullOrWhiteSpace($env:WMIFIXEDPORT_REMOTE_UNAVAILABLE))
$passed = @($results | Where-Object { $_.outcome -eq 'Passed' })
$excused = @()
$bad = @()
foreach ($result in $results) {
  if ($result.outcome -eq 'Passed') { continue }
  $notRun = ($result.outcome -eq 'NotExecuted') -or ($result.outcome -eq 'Inconclusive')
  if ($remoteUnavailable -and $notRun -and $result.testName.StartsWith('RemoteWmi_')) { $excused += $result } else { $bad += $result }
}

Write-Host "End-to-end TRX: $($results.Count) results, $($passed.Count) passed, $($excused.Count) not run by the lane's declaration, $($bad.Count) other."
foreach ($result in $excused) { Write-Host "NOT RUN (declared: $env:WMIFIXEDPORT_REMOTE_UNAVAILABLE): $($result.testName)" }
foreach ($result in $bad) { Write-Host "::error::$($result.outcome): $($result.testName)" }
if ($results.Count -eq 0) { throw "The end-to-end TRX holds no result." }
if ($bad.Count -gt 0) { throw "Every end-to-end test must run and pass on this lane: $($bad.Count) did not (listed above)." }
