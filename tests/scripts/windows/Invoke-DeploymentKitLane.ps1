# Windows lane only (an elevated GitHub Windows runner; not run on Linux). The deployment kit end to end, with the
# real msiexec, registry, firewall and winmgmt, and the kit's scripts run by Windows PowerShell 5.1 (powershell.exe):
#   policy values written where packaging/gpo/WmiFixedPort.admx writes them -> install without properties ->
#   remembered values = policy values -> Detect-WmiFixedPort.ps1 detected -> "winmgmt /sharedhost" -> not detected,
#   drift -> Remediate-WmiFixedPort.ps1 repairs -> detected again -> uninstall -> not detected.
# Not run as SYSTEM (the runner's administrator): the scripts need no SYSTEM-only right.
# Exit code 0 when every step passed, 1 otherwise; one "PASS:"/"FAIL:" line per check.
param(
    [Parameter(Mandatory)] [string] $MsiPath,
    [Parameter(Mandatory)] [string] $LogDirectory,
    [string] $PolicyPort = '24200'
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..\..\..')).Path
. (Join-Path $repo 'tests\scripts\TestHelpers\GroupPolicy.ps1')
$admx = Join-Path $repo 'packaging\gpo\WmiFixedPort.admx'
$detect = Join-Path $repo 'packaging\intune\Detect-WmiFixedPort.ps1'
$detectConfigMgr = Join-Path $repo 'packaging\configmgr\Detect-WmiFixedPort.ps1'
$drift = Join-Path $repo 'packaging\intune\Detect-WmiFixedPortDrift.ps1'
$remediate = Join-Path $repo 'packaging\intune\Remediate-WmiFixedPort.ps1'
$windowsPowerShell = Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe'
$policyPath = 'HKLM:\SOFTWARE\Policies\WmiFixedPort'
$msi = (Resolve-Path $MsiPath).Path
New-Item -ItemType Directory -Force -Path $LogDirectory | Out-Null
$failures = New-Object System.Collections.Generic.List[string]

function Write-Check([string] $Name, [bool] $Ok, [string] $Detail) {
    if ($Ok) { Write-Output "PASS: $Name ($Detail)" } else { Write-Output "FAIL: $Name ($Detail)"; $failures.Add($Name) }
}

function Invoke-KitScript([string] $Path) {
    # Windows PowerShell 5.1, 64-bit, as Intune and ConfigMgr start it; stdout and stderr kept apart.
    $id = [guid]::NewGuid().ToString('N')
    $out = Join-Path $LogDirectory "$id.out"; $err = Join-Path $LogDirectory "$id.err"
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $p = Start-Process -FilePath $windowsPowerShell -ArgumentList @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', ('"' + $Path + '"')) -Wait -PassThru -NoNewWindow -RedirectStandardOutput $out -RedirectStandardError $err
    $watch.Stop()
    $lines = @(Get-Content -LiteralPath $out | Where-Object { $_ -ne '' })
    $errText = [string](Get-Content -LiteralPath $err -Raw)
    $name = Split-Path -Leaf (Split-Path -Parent $Path)
    Write-Output ("  {0}/{1}: exit {2}, {3:N1} s: {4}{5}" -f $name, (Split-Path -Leaf $Path), $p.ExitCode, $watch.Elapsed.TotalSeconds, ($lines -join ' | '), $(if ($errText.Trim()) { " STDERR: $errText" } else { '' })) | Out-Host
    [pscustomobject]@{ ExitCode = $p.ExitCode; Lines = $lines; Err = $errText.Trim(); Seconds = $watch.Elapsed.TotalSeconds }
}

function Invoke-Msiexec([string[]] $Arguments) {
    (Start-Process -FilePath (Join-Path $env:SystemRoot 'System32\msiexec.exe') -ArgumentList $Arguments -Wait -PassThru).ExitCode
}

function Test-Detected($r) { $r.ExitCode -eq 0 -and $r.Lines.Count -eq 1 -and ([string]$r.Lines[0]).StartsWith('Detected:') -and -not $r.Err }
function Test-NotDetected($r, [string] $Because) { $r.ExitCode -eq 1 -and $r.Lines.Count -eq 1 -and ([string]$r.Lines[0]).StartsWith('Not detected:') -and ([string]$r.Lines[0]).Contains($Because) -and -not $r.Err }

# 0. Nothing installed yet.
$r = Invoke-KitScript $detect
Write-Check 'detection before install: not detected' (Test-NotDetected $r 'not installed') $r.Lines[0]

# 1. Policy values, written where and as the template writes them (key, value names and REG_SZ type from the ADMX).
$writes = @(Get-AdmxRegistryWrite -AdmxPath $admx)
$choice = @{ WMIPORT = $PolicyPort; WMIAUTHLEVEL = '6'; FIREWALL = '1'; FIREWALL_REMOTE_ADDRESSES = 'LocalSubnet'; FIREWALL_PROFILE = 'domain,private'; OPEN_RPC_EPMAP = '1' }
New-Item -Force -Path $policyPath | Out-Null
foreach ($w in $writes) {
    if ($w.Type -ne 'REG_SZ') { throw "the template writes $($w.ValueName) as $($w.Type)" }
    $value = $choice[$w.ValueName]
    if ($null -ne $w.Values -and $w.Values -notcontains $value) { throw "$value is not a choice of policy $($w.Policy)" }
    New-ItemProperty -Force -Path ('HKLM:\' + $w.Key) -Name $w.ValueName -PropertyType String -Value $value | Out-Null
}

try {
    # 2. Install with no property: the values must come from policy.
    $code = Invoke-Msiexec @('/i', ('"' + $msi + '"'), '/qn', '/norestart', '/l*v', ('"' + (Join-Path $LogDirectory 'kit-install.log') + '"'))
    Write-Check 'install without properties' ($code -eq 0 -or $code -eq 3010) "msiexec $code"
    $remembered = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\WmiFixedPort\Settings'
    foreach ($name in $choice.Keys) {
        Write-Check "remembered $name comes from policy" ([string]$remembered.$name -eq $choice[$name]) "remembered '$($remembered.$name)', policy '$($choice[$name])'"
    }

    # 3. Detected after install (Intune and ConfigMgr forms), no drift.
    $r = Invoke-KitScript $detect
    Write-Check 'detection after install: detected' ((Test-Detected $r) -and ([string]$r.Lines[0]).Contains("port $PolicyPort")) $r.Lines[0]
    Write-Check 'detection finishes in a few seconds' ($r.Seconds -lt 30) ("{0:N1} s" -f $r.Seconds)
    $r = Invoke-KitScript $detectConfigMgr
    Write-Check 'ConfigMgr detection after install: detected' (Test-Detected $r) $r.Lines[0]
    $r = Invoke-KitScript $drift
    Write-Check 'drift detection after install: compliant' ($r.ExitCode -eq 0 -and ([string]$r.Lines[0]).StartsWith('Compliant:')) $r.Lines[0]

    # 4. Someone puts winmgmt back on the shared host.
    & (Join-Path $env:SystemRoot 'System32\wbem\winmgmt.exe') /sharedhost | Out-Host
    $r = Invoke-KitScript $detect
    Write-Check 'detection after winmgmt /sharedhost: not detected' (Test-NotDetected $r 'not on its own service host') $r.Lines[0]
    $r = Invoke-KitScript $detectConfigMgr
    Write-Check 'ConfigMgr detection after winmgmt /sharedhost: no output, exit 0' ($r.ExitCode -eq 0 -and $r.Lines.Count -eq 0 -and -not $r.Err) "exit $($r.ExitCode)"
    $r = Invoke-KitScript $drift
    Write-Check 'drift detection after winmgmt /sharedhost: exit 1' ($r.ExitCode -eq 1 -and ([string]$r.Lines[0]).StartsWith('Drift:')) $r.Lines[0]

    # 5. The remediation repairs it.
    $r = Invoke-KitScript $remediate
    Write-Check 'remediation: repaired' ($r.ExitCode -eq 0 -and ([string]$r.Lines[0]).StartsWith('Repaired')) $r.Lines[0]
    $r = Invoke-KitScript $detect
    Write-Check 'detection after remediation: detected' ((Test-Detected $r) -and ([string]$r.Lines[0]).Contains("port $PolicyPort")) $r.Lines[0]
} finally {
    # 6. Uninstall; the policy key goes last.
    $code = Invoke-Msiexec @('/x', ('"' + $msi + '"'), '/qn', '/norestart', '/l*v', ('"' + (Join-Path $LogDirectory 'kit-uninstall.log') + '"'))
    Write-Check 'uninstall' ($code -eq 0 -or $code -eq 3010) "msiexec $code"
    Remove-Item -Recurse -Force -Path $policyPath -ErrorAction SilentlyContinue
}
$r = Invoke-KitScript $detect
Write-Check 'detection after uninstall: not detected' (Test-NotDetected $r 'not installed') $r.Lines[0]
$r = Invoke-KitScript $drift
Write-Check 'drift detection after uninstall: nothing to remediate' ($r.ExitCode -eq 0 -and ([string]$r.Lines[0]).StartsWith('Nothing to remediate:')) $r.Lines[0]

Write-Output "deployment kit lane: $($failures.Count) check(s) failed"
if ($failures.Count -gt 0) { exit 1 }
exit 0
