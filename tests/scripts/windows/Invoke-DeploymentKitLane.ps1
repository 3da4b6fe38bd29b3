# Windows lane only (an elevated GitHub Windows runner; not run on Linux). The deployment kit end to end, with the
# real msiexec, registry, firewall, ACLs and winmgmt, and the kit run the way Intune runs it: install.cmd and
# uninstall.cmd through cmd.exe from a content folder that is deleted after the install (Intune deletes its download),
# the scripts by Windows PowerShell 5.1 (powershell.exe).
#   0. nothing installed: not detected.
#   1. policy values written where packaging/gpo/WmiFixedPort.admx writes them; install.cmd FIREWALL_PROFILE=domain from
#      a temporary content folder -> remembered values = policy values except FIREWALL_PROFILE (the command line wins);
#      the MSI kept under %ProgramData%\WmiFixedPort\Source\{ProductCode} with an ACL of SYSTEM + Administrators only;
#      detected, compliant (the policy's domain,private does not count as drift: issue 17 point 3). Content deleted.
#   2. point 1: "winmgmt /sharedhost" and a deleted WmiFixedPort.exe -> not detected, drift -> Remediate-WmiFixedPort.ps1
#      repairs from the kept copy (no download left) -> the exe is back, detected, FIREWALL_PROFILE still domain.
#   3. point 2: a deleted firewall rule -> install.cmd again (a second Intune install) -> exit 0, the rule is back,
#      detected.
#   3b. the kept copy's SHA-256 recorded in HKLM; the WMI rule widened to every profile and any remote address ->
#      drift naming it -> Remediate-WmiFixedPort.ps1 -> the rule is for the domain profile again, compliant.
#   4. uninstall.cmd -> not detected, the kept copy and the remembered command line are gone.
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
$intune = Join-Path $repo 'packaging\intune'
$detect = Join-Path $intune 'Detect-WmiFixedPort.ps1'
$detectConfigMgr = Join-Path $repo 'packaging\configmgr\Detect-WmiFixedPort.ps1'
$drift = Join-Path $intune 'Detect-WmiFixedPortDrift.ps1'
$remediate = Join-Path $intune 'Remediate-WmiFixedPort.ps1'
$windowsPowerShell = Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe'
$policyPath = 'HKLM:\SOFTWARE\Policies\WmiFixedPort'
$settingsPath = 'HKLM:\SOFTWARE\WmiFixedPort\Settings'
$commandLinePath = 'HKLM:\SOFTWARE\WmiFixedPort\DeploymentKit\CommandLine'
$sourceRoot = Join-Path $env:ProgramData 'WmiFixedPort\Source'
$wmiRule = 'WmiFixedPort - WMI (TCP-In)'
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

function New-ContentFolder {
    # What Intune unpacks from the .intunewin: the MSI, the command files and the scripts they run.
    $folder = Join-Path $env:TEMP ('WmiFixedPort-content-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $folder | Out-Null
    Copy-Item -LiteralPath $msi -Destination (Join-Path $folder 'WmiFixedPort.msi')
    foreach ($f in 'install.cmd', 'uninstall.cmd', 'Install-WmiFixedPort.ps1', 'Uninstall-WmiFixedPort.ps1') { Copy-Item -LiteralPath (Join-Path $intune $f) -Destination $folder }
    $folder
}

function Invoke-CommandFile([string] $Folder, [string] $Name, [string] $Arguments = '') {
    # cmd.exe /c "<folder>\install.cmd" <arguments>, as Intune's agent runs the install command.
    $commandLine = '/c ""' + (Join-Path $Folder $Name) + '" ' + $Arguments + '"'
    $p = Start-Process -FilePath (Join-Path $env:SystemRoot 'System32\cmd.exe') -ArgumentList $commandLine -Wait -PassThru -NoNewWindow
    Write-Output "  $Name $Arguments -> exit $($p.ExitCode)" | Out-Host
    $p.ExitCode
}

function Get-EnginePath {
    $folder = [string](Get-ItemProperty -LiteralPath $settingsPath -Name InstallFolder -ErrorAction SilentlyContinue).InstallFolder
    if (-not $folder) { $folder = Join-Path $env:ProgramFiles 'WmiFixedPort\' }
    Join-Path $folder 'WmiFixedPort.exe'
}

function Test-OnlySystemAndAdministrators([string] $Path) {
    # The ACL install.cmd sets on its folders and the kept file: protected (nothing inherited from %ProgramData%),
    # owner Administrators, SYSTEM and Administrators only.
    $acl = Get-Acl -LiteralPath $Path
    $sids = @($acl.Access | ForEach-Object { $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value } | Sort-Object -Unique)
    $owner = (New-Object System.Security.Principal.NTAccount($acl.Owner)).Translate([System.Security.Principal.SecurityIdentifier]).Value
    $ok = (($sids -join ',') -eq 'S-1-5-18,S-1-5-32-544') -and $acl.AreAccessRulesProtected -and $owner -eq 'S-1-5-32-544'
    [pscustomobject]@{ Ok = $ok; Detail = "protected $($acl.AreAccessRulesProtected), owner $owner, access $($sids -join ',')" }
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

$content = $null
try {
    # 1. install.cmd from a content folder, one property on its command line.
    $content = New-ContentFolder
    $code = Invoke-CommandFile $content 'install.cmd' 'FIREWALL_PROFILE=domain'
    Write-Check 'install.cmd (first install)' ($code -eq 0 -or $code -eq 3010) "exit $code"
    $remembered = Get-ItemProperty -LiteralPath $settingsPath
    foreach ($name in $choice.Keys) {
        $want = $choice[$name]
        if ($name -eq 'FIREWALL_PROFILE') { $want = 'domain' }
        Write-Check "remembered $name" ([string]$remembered.$name -eq $want) "remembered '$($remembered.$name)', expected '$want'"
    }
    $productCode = @(Get-ChildItem -LiteralPath $sourceRoot -Directory | ForEach-Object Name)
    Write-Check 'one kept copy, named by its ProductCode' ($productCode.Count -eq 1 -and $productCode[0] -match '^\{[0-9A-F-]{36}\}$') ($productCode -join ', ')
    $kept = Join-Path (Join-Path $sourceRoot $productCode[0]) 'WmiFixedPort.msi'
    Write-Check 'kept copy equals the MSI' ((Get-FileHash -LiteralPath $kept).Hash -eq (Get-FileHash -LiteralPath $msi).Hash) $kept
    foreach ($p in (Split-Path -Parent $sourceRoot), $sourceRoot, (Split-Path -Parent $kept), $kept) {
        $t = Test-OnlySystemAndAdministrators $p
        Write-Check "ACL of $p" $t.Ok $t.Detail
    }
    $installer = New-Object -ComObject WindowsInstaller.Installer
    $lastUsed = [string]$installer.GetType().InvokeMember('ProductInfo', [System.Reflection.BindingFlags]::GetProperty, $null, $installer, @($productCode[0], 'InstallSource'))
    Write-Check 'the registered install source is the kept folder' ($lastUsed.TrimEnd('\') -eq (Split-Path -Parent $kept)) "InstallSource '$lastUsed'"
    Write-Check 'command-line value remembered for repairs' ([string](Get-ItemProperty -LiteralPath $commandLinePath).FIREWALL_PROFILE -eq 'domain') $commandLinePath

    # Intune deletes its download after the install.
    Remove-Item -Recurse -Force -LiteralPath $content
    $content = $null

    $r = Invoke-KitScript $detect
    Write-Check 'detection after install: detected' ((Test-Detected $r) -and ([string]$r.Lines[0]).Contains("port $PolicyPort")) $r.Lines[0]
    Write-Check 'detection finishes in a few seconds' ($r.Seconds -lt 30) ("{0:N1} s" -f $r.Seconds)
    $r = Invoke-KitScript $detectConfigMgr
    Write-Check 'ConfigMgr detection after install: detected' (Test-Detected $r) $r.Lines[0]
    $r = Invoke-KitScript $drift
    Write-Check 'drift detection after install: compliant although policy says domain,private (the command line wins)' ($r.ExitCode -eq 0 -and ([string]$r.Lines[0]).StartsWith('Compliant:')) $r.Lines[0]

    # 2. /sharedhost and a deleted exe, with no download left: the repair runs from the kept copy.
    & (Join-Path $env:SystemRoot 'System32\wbem\winmgmt.exe') /sharedhost | Out-Host
    $exe = Get-EnginePath
    Remove-Item -Force -LiteralPath $exe
    $r = Invoke-KitScript $detect
    Write-Check 'detection after /sharedhost and a deleted exe: not detected' (Test-NotDetected $r 'is missing') $r.Lines[0]
    $r = Invoke-KitScript $drift
    Write-Check 'drift detection: exit 1' ($r.ExitCode -eq 1 -and ([string]$r.Lines[0]).StartsWith('Drift:')) $r.Lines[0]
    $r = Invoke-KitScript $remediate
    Write-Check 'remediation: repaired from the kept copy' ($r.ExitCode -eq 0 -and ([string]$r.Lines[0]).StartsWith('Repaired') -and ([string]$r.Lines[0]).Contains('(kept copy)')) $r.Lines[0]
    Write-Check 'the deleted exe is back' (Test-Path -LiteralPath $exe -PathType Leaf) $exe
    $r = Invoke-KitScript $detect
    Write-Check 'detection after remediation: detected' ((Test-Detected $r) -and ([string]$r.Lines[0]).Contains("port $PolicyPort")) $r.Lines[0]
    $remembered = Get-ItemProperty -LiteralPath $settingsPath
    Write-Check 'after the repair the command-line value still wins over policy' ([string]$remembered.FIREWALL_PROFILE -eq 'domain') "remembered '$($remembered.FIREWALL_PROFILE)'"

    # 3. A deleted rule, then a second Intune install: a real reinstall brings it back.
    Remove-NetFirewallRule -DisplayName $wmiRule
    $r = Invoke-KitScript $detect
    Write-Check 'detection after the rule was deleted: not detected' (Test-NotDetected $r "firewall rule '$wmiRule' is missing") $r.Lines[0]
    $content = New-ContentFolder
    $code = Invoke-CommandFile $content 'install.cmd' 'FIREWALL_PROFILE=domain'
    Write-Check 'install.cmd on the installed product: exit code 0' ($code -eq 0) "exit $code"
    $rule = @(Get-NetFirewallRule -DisplayName $wmiRule -ErrorAction SilentlyContinue)
    Write-Check 'the deleted rule is back' ($rule.Count -eq 1) "$($rule.Count) rule(s)"
    Remove-Item -Recurse -Force -LiteralPath $content
    $content = $null
    $r = Invoke-KitScript $detect
    Write-Check 'detection after the second install: detected' (Test-Detected $r) $r.Lines[0]

    # 3b. Review 17: the kept copy's SHA-256 is in HKLM; a rule widened to every profile and any address is drift,
    # named, and the repair narrows it again.
    $keptKey = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\WmiFixedPort\DeploymentKit\KeptPackage' -ErrorAction SilentlyContinue
    $keptCopies = @(Get-ChildItem -LiteralPath $sourceRoot -Recurse -Filter 'WmiFixedPort.msi' -File)
    $keptOk = $keptCopies.Count -eq 1 -and $null -ne $keptKey -and [string]$keptKey.($keptCopies[0].Directory.Name) -eq (Get-FileHash -LiteralPath $keptCopies[0].FullName -Algorithm SHA256).Hash
    Write-Check "the kept copy's SHA-256 is recorded in HKLM" $keptOk "$($keptCopies.Count) copy(ies)"
    Set-NetFirewallRule -DisplayName $wmiRule -Profile Any -RemoteAddress Any
    $r = Invoke-KitScript $drift
    Write-Check 'drift detection after the rule was widened: exit 1 naming the profiles' ($r.ExitCode -eq 1 -and ([string]$r.Lines[0]).Contains("firewall rule '$wmiRule' is for profiles domain, private, public, not domain")) $r.Lines[0]
    $r = Invoke-KitScript $remediate
    Write-Check 'remediation of the widened rule: repaired' ($r.ExitCode -eq 0 -and ([string]$r.Lines[0]).StartsWith('Repaired')) $r.Lines[0]
    $ruleProfile = [string](Get-NetFirewallRule -DisplayName $wmiRule).Profile
    Write-Check 'the rule is for the domain profile again' ($ruleProfile -eq 'Domain') $ruleProfile
    $r = Invoke-KitScript $drift
    Write-Check 'drift detection after the repair: compliant' ($r.ExitCode -eq 0 -and ([string]$r.Lines[0]).StartsWith('Compliant:')) $r.Lines[0]
} finally {
    # 4. uninstall.cmd from a fresh content folder (Intune downloads the content again to uninstall); policy key last.
    $content2 = New-ContentFolder
    $code = Invoke-CommandFile $content2 'uninstall.cmd'
    Write-Check 'uninstall.cmd' ($code -eq 0 -or $code -eq 3010) "exit $code"
    Remove-Item -Recurse -Force -LiteralPath $content2 -ErrorAction SilentlyContinue
    if ($content) { Remove-Item -Recurse -Force -LiteralPath $content -ErrorAction SilentlyContinue }
    Remove-Item -Recurse -Force -Path $policyPath -ErrorAction SilentlyContinue
    # The kit's msiexec logs (bounded, in %WINDIR%\Temp without the Intune agent) go with the lane's artifacts.
    Get-ChildItem -LiteralPath (Join-Path $env:WINDIR 'Temp') -Filter 'WmiFixedPort-*.log' -ErrorAction SilentlyContinue | Copy-Item -Destination $LogDirectory -ErrorAction SilentlyContinue
}
Write-Check 'the kept copies are gone after uninstall' (-not (Test-Path -LiteralPath $sourceRoot)) $sourceRoot
Write-Check 'the kit left no registry key after uninstall' (-not (Test-Path -LiteralPath 'HKLM:\SOFTWARE\WmiFixedPort\DeploymentKit')) 'HKLM\SOFTWARE\WmiFixedPort\DeploymentKit'
$r = Invoke-KitScript $detect
Write-Check 'detection after uninstall: not detected' (Test-NotDetected $r 'not installed') $r.Lines[0]
$r = Invoke-KitScript $drift
Write-Check 'drift detection after uninstall: nothing to remediate' ($r.ExitCode -eq 0 -and ([string]$r.Lines[0]).StartsWith('Nothing to remediate:')) $r.Lines[0]

Write-Output "deployment kit lane: $($failures.Count) check(s) failed"
if ($failures.Count -gt 0) { exit 1 }
exit 0
