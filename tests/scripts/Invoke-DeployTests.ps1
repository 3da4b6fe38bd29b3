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
# Pester may return nothing at all when it finds no test file: every count is then 0.
$passed = [int]$result.PassedCount
$failed = [int]$result.FailedCount
$skipped = [int]$result.SkippedCount
$failedContainers = [int]$result.FailedContainersCount
if ($failedContainers -gt 0) { Write-Output "$failedContainers test file(s) failed to run (see above)" }
if ($passed -eq 0) { Write-Output 'No test ran.' }
Write-Output ("pester: {0} passed, {1} failed, {2} skipped" -f $passed, $failed, $skipped)
if ($failed -gt 0 -or $failedContainers -gt 0 -or $passed -eq 0) { exit 1 }
exit 0
