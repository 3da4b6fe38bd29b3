# Prepares the end-to-end suite's remote WMI client: a Windows Server Core container that runs with process isolation
# on this runner (a second network identity; see tests/WmiFixedPort.EndToEnd.Tests/Scenarios/RemoteWmiLab.cs).
# Process isolation needs an image whose build is not newer than the host's (docker fails with 0xc0370106 otherwise,
# actions/runner-images#11582), so the image tagged with the host's exact build (10.0.<build>.<UBR>) is preferred,
# then the LTSC tag of the host's release (ltsc2022 is cached on windows-2022 images, windows-2025 images cache none).
# On success: WMIFIXEDPORT_REMOTE_IMAGE=<image> in $GITHUB_ENV. When no client can run, it writes
# WMIFIXEDPORT_REMOTE_UNAVAILABLE=<reason> and says so in the job summary, and the end-to-end suite still runs (the
# remote scenario reports itself as not run, with that reason): Assert-E2eResults.ps1 accepts that only where the
# remote client is optional, so with -Requirement required the lane fails at the gate, after every other scenario ran.
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [ValidateSet('required', 'optional')] [string] $Requirement = 'required'
)
$ErrorActionPreference = 'Stop'

# Native commands below write to stderr on failure; Windows PowerShell 5.1 turns redirected stderr into errors, which
# 'Stop' would make terminating. The exit codes are checked instead.
function Test-ImageRuns([string] $Image) {
  $ErrorActionPreference = 'Continue'
  $output = & docker run --rm --isolation=process $Image cmd /c ver 2>&1
  $code = $LASTEXITCODE
  Write-Host "docker run $Image -> exit $code $output"
  return ($code -eq 0)
}

function Find-ClientImage {
  $ErrorActionPreference = 'Continue'
  if ($null -eq (Get-Command docker -ErrorAction SilentlyContinue)) { return @{ Reason = 'Docker is not installed on this runner image.' } }
  $serverOs = & docker version --format '{{.Server.Os}}' 2>&1
  if ($LASTEXITCODE -ne 0) { return @{ Reason = "The Docker engine does not answer: $serverOs" } }
  if ("$serverOs".Trim() -ne 'windows') { return @{ Reason = "The Docker engine runs $serverOs containers, not Windows containers." } }

  $version = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
  $build = [int]$version.CurrentBuildNumber
  $ubr = [int]$version.UBR
  $ltsc = $null
  if ($build -eq 20348) { $ltsc = 'ltsc2022' }
  if ($build -eq 26100) { $ltsc = 'ltsc2025' }
  $candidates = @()
  if ($null -ne $ltsc) {
    # A cached LTSC image first (no download), then the exact build, then a fresh LTSC pull.
    & docker image inspect "mcr.microsoft.com/windows/servercore:$ltsc" *> $null
    if ($LASTEXITCODE -eq 0) { $candidates += "mcr.microsoft.com/windows/servercore:$ltsc" }
  }
  $candidates += "mcr.microsoft.com/windows/servercore:10.0.$build.$ubr"
  if ($null -ne $ltsc) { $candidates += "mcr.microsoft.com/windows/servercore:$ltsc" }

  $tried = @()
  foreach ($image in ($candidates | Select-Object -Unique)) {
    & docker image inspect $image *> $null
    if ($LASTEXITCODE -ne 0) {
      $started = [DateTime]::UtcNow
      & docker pull $image | Out-Host
      if ($LASTEXITCODE -ne 0) { $tried += "$image (pull failed)"; continue }
      Write-Host ("Pulled {0} in {1:0} s" -f $image, ([DateTime]::UtcNow - $started).TotalSeconds)
    }
    if (Test-ImageRuns $image) { return @{ Image = $image } }
    $tried += "$image (does not run with process isolation on host build $build.$ubr)"
  }
  return @{ Reason = "No Server Core image runs here with process isolation: $($tried -join '; ')." }
}

$result = Find-ClientImage
if ($result.ContainsKey('Image')) {
  Write-Host "Remote WMI client image: $($result.Image)"
  "WMIFIXEDPORT_REMOTE_IMAGE=$($result.Image)" | Add-Content -LiteralPath $env:GITHUB_ENV -Encoding utf8
  return
}

$reason = "$($result.Reason)" -replace '\s+', ' '   # one line: GITHUB_ENV takes NAME=value lines
"WMIFIXEDPORT_REMOTE_UNAVAILABLE=$reason" | Add-Content -LiteralPath $env:GITHUB_ENV -Encoding utf8
if ($Requirement -eq 'required') {
  Write-Host "::error::The remote WMI client is required on this image but cannot run: $reason"
  "**Remote WMI: CLIENT NOT AVAILABLE, required on this image: the lane fails at the result gate.** $reason" | Add-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Encoding utf8
} else {
  Write-Host "::warning::The remote WMI scenario will not run on this image: $reason"
  "**Remote WMI: NOT RUN on this image** (not a pass): $reason" | Add-Content -LiteralPath $env:GITHUB_STEP_SUMMARY -Encoding utf8
}
