# Runs the Pester tests of the deployment kit (tests/scripts/*.Tests.ps1) and ends with one line
# "pester: N passed, N failed, N skipped". Exit code 1 on any failure, on a container that failed to run, or when no
# test ran. Used by .ci/deploy.sh with PowerShell 7.6.9 (dotnet tool) and Pester 6.2.0 from NuGet.
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [string] $Path = $PSScriptRoot
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterModule -Force
$config = New-PesterConfiguration
$config.Run.Path = @($Path)
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $config
$failedContainers = [int]$result.FailedContainersCount
Write-Output ("pester: {0} passed, {1} failed, {2} skipped" -f $result.PassedCount, $result.FailedCount, $result.SkippedCount)
if ($failedContainers -gt 0) { Write-Output "pester: $failedContainers test file(s) failed to run (see above)" }
if ($result.FailedCount -gt 0 -or $failedContainers -gt 0) { exit 1 }
if ($result.PassedCount -eq 0) { Write-Output 'pester: no test ran'; exit 1 }
exit 0
