<#
.SYNOPSIS
    Intune Remediations, remediation script: repairs WmiFixedPort so that policy values and the product's state apply.

.DESCRIPTION
    Runs, for the installed WmiFixedPort product found by UpgradeCode:
        msiexec.exe /i {ProductCode} REINSTALL=ALL REINSTALLMODE=omus /qn /norestart /l*v "%WINDIR%\Temp\WmiFixedPort-repair-<time>.log"
    A repair runs AppSearch again, so values under HKLM\SOFTWARE\Policies\WmiFixedPort are picked up by the installer's
    own searches (no property needs to be passed), then "WmiFixedPort.exe enable" puts winmgmt back on its own host
    and port when it is not, and the firewall rules of installed features are re-created.
    REINSTALLMODE=omus rather than "/fa": "a" forces every file to be copied again, which needs the original MSI
    (Intune does not keep it); "omus" rewrites the registry from the cached package and copies only missing or older
    files. (msiexec /f would also ignore properties on its command line; none are needed here.)
    Exit code 0: msiexec returned 0, or 3010/1641 (repaired; a restart completes it). Exit code 1: anything else,
    with the msiexec code and the log path on the one output line. 1618 (another installation running) is a failure
    that Intune retries at the next run. Windows PowerShell 5.1, 64-bit (re-launches through sysnative), SYSTEM.

.PARAMETER MinimumVersion
    Lowest product version that counts as installed.
#>
[CmdletBinding()]
param(
    [string] $MinimumVersion = '1.0.0'
)

#region WmiFixedPort shared checks
# This region is identical in Detect-WmiFixedPort.ps1, Detect-WmiFixedPortDrift.ps1 and Remediate-WmiFixedPort.ps1
# (Intune takes each script as one self-contained file); tests/scripts/IntuneScripts.Tests.ps1 fails when they differ.
# Windows PowerShell 5.1 syntax, in-box modules only (NetSecurity for the firewall rules).

$WfpUpgradeCode = '{E9D2D046-CD70-4BD6-9E50-3B01388ADADA}'
$WfpSettingsKey = 'HKLM:\SOFTWARE\WmiFixedPort\Settings'
$WfpWmiRuleName = 'WmiFixedPort - WMI (TCP-In)'
$WfpEpmapRuleName = 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)'
$WfpPropertyNames = @('WMIPORT', 'WMIAUTHLEVEL', 'FIREWALL', 'FIREWALL_REMOTE_ADDRESSES', 'FIREWALL_PROFILE', 'OPEN_RPC_EPMAP')

function Get-Wfp64BitHost {
    # Intune and ConfigMgr may start a script in 32-bit PowerShell; WOW64 would then redirect the registry and
    # %ProgramFiles%. Tells whether to re-launch in the 64-bit host (through sysnative) or to give up.
    param([bool] $Is64BitProcess, [bool] $Is64BitOperatingSystem, [string] $WinDir)
    if ($Is64BitProcess) { return [pscustomobject]@{ Relaunch = $false; Path = $null; Error = $null } }
    if (-not $Is64BitOperatingSystem) {
        return [pscustomobject]@{ Relaunch = $false; Path = $null; Error = 'WmiFixedPort supports 64-bit Windows only' }
    }
    $native = Join-Path $WinDir 'sysnative\WindowsPowerShell\v1.0\powershell.exe'
    if (-not (Test-Path -LiteralPath $native)) {
        return [pscustomobject]@{ Relaunch = $false; Path = $null; Error = "running as a 32-bit process and $native does not exist" }
    }
    [pscustomobject]@{ Relaunch = $true; Path = $native; Error = $null }
}

function Get-WfpComProperty {
    # WindowsInstaller.Installer has no type library PowerShell can use: read its properties through IDispatch.
    param($Object, [string] $Name, [object[]] $Arguments)
    $Object.GetType().InvokeMember($Name, [System.Reflection.BindingFlags]::GetProperty, $null, $Object, $Arguments)
}

function Get-WfpInstalledProduct {
    # Windows adapter: every product installed with our UpgradeCode (Installer.RelatedProducts), with its version.
    $installer = New-Object -ComObject WindowsInstaller.Installer
    $list = Get-WfpComProperty $installer 'RelatedProducts' @($WfpUpgradeCode)
    $count = Get-WfpComProperty $list 'Count' @()
    for ($i = 0; $i -lt $count; $i++) {
        $code = [string](Get-WfpComProperty $list 'Item' @($i))
        [pscustomobject]@{ ProductCode = $code; Version = [string](Get-WfpComProperty $installer 'ProductInfo' @($code, 'VersionString')) }
    }
}

function Get-WfpFeatureState {
    # Windows adapter: Installer.FeatureState (3 local, 4 source, 2 absent, -1 unknown feature).
    param([string] $ProductCode, [string] $Feature)
    try {
        $installer = New-Object -ComObject WindowsInstaller.Installer
        [int](Get-WfpComProperty $installer 'FeatureState' @($ProductCode, $Feature))
    } catch { -1 }
}

function Select-WfpProduct {
    # The highest installed version at or above $MinimumVersion, or $null; also says why nothing fits.
    param([object[]] $Products, [version] $MinimumVersion)
    $best = $null
    $seen = @()
    foreach ($p in $Products) {
        $v = $null
        if (-not [version]::TryParse([string]$p.Version, [ref]$v)) { continue }
        $seen += $v.ToString()
        if ($v -ge $MinimumVersion -and ($null -eq $best -or $v -gt $best.ParsedVersion)) {
            $best = [pscustomobject]@{ ProductCode = [string]$p.ProductCode; Version = $v.ToString(); ParsedVersion = $v }
        }
    }
    $why = $null
    if ($null -eq $best) {
        if ($seen.Count -eq 0) { $why = 'WmiFixedPort is not installed' }
        else { $why = "WmiFixedPort $($seen -join ', ') is installed, $MinimumVersion or later is required" }
    }
    [pscustomobject]@{ Product = $best; Reason = $why }
}

function Get-WfpEnginePath {
    # Windows adapter: Settings\InstallFolder (written by the MSI, with a trailing backslash), else the default folder.
    $folder = $null
    $item = Get-ItemProperty -LiteralPath $WfpSettingsKey -Name 'InstallFolder' -ErrorAction SilentlyContinue
    if ($null -ne $item) { $folder = [string]$item.InstallFolder }
    if (-not $folder) { $folder = [string]$env:ProgramFiles + '\WmiFixedPort' }
    if (-not $folder.EndsWith('\')) { $folder += '\' }
    $folder + 'WmiFixedPort.exe'
}

function Test-WfpFile {
    param([string] $Path)
    Test-Path -LiteralPath $Path -PathType Leaf
}

function Invoke-WfpStatus {
    # Windows adapter: runs "WmiFixedPort.exe status --json" with a time limit; never throws.
    param([string] $ExePath, [int] $TimeoutSeconds = 30)
    try {
        $psi = New-Object System.Diagnostics.ProcessStartInfo
        $psi.FileName = $ExePath
        $psi.Arguments = 'status --json'
        $psi.UseShellExecute = $false
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.CreateNoWindow = $true
        $process = [System.Diagnostics.Process]::Start($psi)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            try { $process.Kill() } catch { }
            return [pscustomobject]@{ ExitCode = -1; Output = ''; Error = "no answer within $TimeoutSeconds s" }
        }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
    } catch {
        [pscustomobject]@{ ExitCode = -1; Output = ''; Error = $_.Exception.Message }
    }
}

function ConvertFrom-WfpStatusOutput {
    # status --json prints one JSON object on one line (CONTRACTS.md); take the last line that starts with "{".
    param([string] $Text)
    $line = @($Text -split "`r?`n" | Where-Object { $_.TrimStart().StartsWith('{') }) | Select-Object -Last 1
    if (-not $line) { throw 'printed no JSON object' }
    ConvertFrom-Json -InputObject $line
}

function Get-WfpRememberedFromRegistry {
    # Windows adapter: the values the MSI remembered (REG_SZ under Settings), for an engine whose status lacks them.
    $values = @{}
    $item = Get-ItemProperty -LiteralPath $WfpSettingsKey -ErrorAction SilentlyContinue
    foreach ($name in $WfpPropertyNames) {
        if ($null -ne $item -and $null -ne $item.$name) { $values[$name] = [string]$item.$name }
    }
    $values
}

function Get-WfpFirewallRule {
    # Windows adapter: the rule with this display name (NetSecurity, in the box since Windows 8 / Server 2012), or $null.
    param([string] $DisplayName)
    $rule = Get-NetFirewallRule -DisplayName $DisplayName -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $rule) { return $null }
    $filter = $rule | Get-NetFirewallPortFilter -ErrorAction SilentlyContinue
    [pscustomobject]@{ Enabled = ([string]$rule.Enabled -eq 'True'); LocalPort = (@($filter.LocalPort) -join ',') }
}

function Test-WfpRuleExpected {
    # A rule is expected when its MSI feature is installed (local or source); when the feature state is unknown
    # (e.g. a renamed feature), when the remembered values say the rules were wanted.
    param([int] $FeatureState, [bool] $Fallback)
    if ($FeatureState -eq 3 -or $FeatureState -eq 4) { return $true }
    if ($FeatureState -eq 2 -or $FeatureState -eq 1) { return $false }
    $Fallback
}

function Invoke-WfpStateCheck {
    # Reads the product and the state in force. Problems: what makes the state not the product's. Notes: worth
    # saying but not a failure. Drift: properties whose status entry says drift (policy or value in force differs).
    param([version] $MinimumVersion)
    $ErrorActionPreference = 'Stop'
    $problems = New-Object System.Collections.Generic.List[string]
    $notes = New-Object System.Collections.Generic.List[string]
    $drift = New-Object System.Collections.Generic.List[string]
    $result = [pscustomobject]@{ Product = $null; NotInstalled = $null; Problems = $problems; Notes = $notes; Drift = $drift; Port = $null }

    try { $products = @(Get-WfpInstalledProduct) }
    catch { $problems.Add("cannot query Windows Installer: $($_.Exception.Message)"); return $result }
    $choice = Select-WfpProduct -Products $products -MinimumVersion $MinimumVersion
    if ($null -eq $choice.Product) { $result.NotInstalled = $choice.Reason; return $result }
    $result.Product = $choice.Product

    $exe = Get-WfpEnginePath
    if (-not (Test-WfpFile -Path $exe)) { $problems.Add("$exe is missing"); return $result }
    $run = Invoke-WfpStatus -ExePath $exe
    if ($run.ExitCode -ne 0) {
        $detail = @(([string]$run.Error + "`n" + [string]$run.Output) -split "`r?`n" | Where-Object { $_.Trim() }) | Select-Object -First 1
        $problems.Add("WmiFixedPort.exe status failed (exit code $($run.ExitCode)): $detail")
        return $result
    }
    try { $status = ConvertFrom-WfpStatusOutput -Text $run.Output }
    catch { $problems.Add("WmiFixedPort.exe status --json $($_.Exception.Message)"); return $result }

    $remembered = @{}
    foreach ($s in @($status.settings)) {
        if ($null -ne $s -and $s.name) {
            if ($null -ne $s.remembered) { $remembered[[string]$s.name] = [string]$s.remembered }
            if ($s.drift -eq $true) { $drift.Add([string]$s.name) }
        }
    }
    if ($remembered.Count -eq 0) { $remembered = Get-WfpRememberedFromRegistry }
    if ($status.drift -eq $true -and $drift.Count -eq 0) { $drift.Add('(unnamed)') }

    $port = $remembered['WMIPORT']
    $result.Port = $port
    if ([string]$status.mode -ne 'standalone') {
        $problems.Add("winmgmt is not on its own service host (mode: $($status.mode))")
    }
    if (-not $port) {
        $problems.Add("no remembered WMIPORT under $WfpSettingsKey")
    } elseif ([string]$status.port -ne $port) {
        $inForce = [string]$status.port
        if (-not $inForce) { $inForce = 'none' }
        $problems.Add("the DCOM port in force is $inForce, the product set $port")
    }
    if ($status.staged -eq $true) {
        $notes.Add('restart pending: the configuration is written and applies when winmgmt restarts')
    }

    $wantRules = ($remembered['FIREWALL'] -eq '1')
    $rules = @(
        @{ Name = $WfpWmiRuleName; Feature = 'Firewall'; Fallback = $wantRules; Port = $port },
        @{ Name = $WfpEpmapRuleName; Feature = 'FirewallRpcEpmap'; Fallback = ($wantRules -and $remembered['OPEN_RPC_EPMAP'] -eq '1'); Port = '135' }
    )
    foreach ($r in $rules) {
        $state = Get-WfpFeatureState -ProductCode $choice.Product.ProductCode -Feature $r.Feature
        if (-not (Test-WfpRuleExpected -FeatureState $state -Fallback $r.Fallback)) { continue }
        $rule = Get-WfpFirewallRule -DisplayName $r.Name
        if ($null -eq $rule) { $problems.Add("firewall rule '$($r.Name)' is missing") }
        elseif (-not $rule.Enabled) { $problems.Add("firewall rule '$($r.Name)' is disabled") }
        elseif ($r.Port -and $rule.LocalPort -ne $r.Port) { $problems.Add("firewall rule '$($r.Name)' allows local port $($rule.LocalPort), not $($r.Port)") }
        else { $notes.Add("rule '$($r.Name)' present") }
    }

    $listening = $status.listening
    $state = [string]$listening.state
    if ($state -eq 'listening') {
        if ($null -ne $listening.port -and $port -and [string]$listening.port -ne $port) {
            $problems.Add("winmgmt listens on port $($listening.port), not $port")
        } else { $notes.Add("port $port listening") }
    } elseif ($state -eq 'notListening') {
        # A healthy DCOM server may open its TCP endpoint only when the first remote client asks for it, so the
        # engine explains a closed port in "note" when that is expected; without a note it is a failure.
        if ([string]$listening.note) { $notes.Add("port $port not listening yet ($($listening.note))") }
        else { $problems.Add("port $port is not listening") }
    } elseif ($state) {
        $notes.Add("listening: $state")
    }
    $result
}
#endregion WmiFixedPort shared checks

function Invoke-WfpMsiexec {
    # Windows adapter: runs msiexec.exe with these arguments (already quoted), waits, returns its exit code.
    param([string[]] $ArgumentList)
    $msiexec = Join-Path $env:WINDIR 'System32\msiexec.exe'
    $process = Start-Process -FilePath $msiexec -ArgumentList $ArgumentList -Wait -PassThru -WindowStyle Hidden
    $process.ExitCode
}

function Get-WfpRepairArgument {
    # The repair command line. The product code comes from Windows Installer; it is checked to be a GUID anyway.
    param([string] $ProductCode, [string] $LogPath)
    if ($ProductCode -notmatch '^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$') {
        throw "'$ProductCode' is not a product code"
    }
    @('/i', $ProductCode, 'REINSTALL=ALL', 'REINSTALLMODE=omus', '/qn', '/norestart', '/l*v', ('"' + $LogPath + '"'))
}

function Invoke-WfpRemediation {
    # Returns ExitCode (0 repaired, 1 not) and Line.
    param([string] $MinimumVersion, [string] $LogFolder)
    try {
        $choice = Select-WfpProduct -Products @(Get-WfpInstalledProduct) -MinimumVersion ([version]$MinimumVersion)
        if ($null -eq $choice.Product) { return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: $($choice.Reason)" } }
        $log = $LogFolder.TrimEnd('\') + '\WmiFixedPort-repair-' + (Get-Date -Format 'yyyyMMdd-HHmmss') + '.log'
        $code = Invoke-WfpMsiexec -ArgumentList (Get-WfpRepairArgument -ProductCode $choice.Product.ProductCode -LogPath $log)
    } catch {
        return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: $($_.Exception.Message)" }
    }
    $what = "WmiFixedPort $($choice.Product.Version) $($choice.Product.ProductCode); log: $log"
    switch ($code) {
        0 { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired: $what" } }
        3010 { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired, restart required (msiexec 3010): $what" } }
        1641 { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired, restart started (msiexec 1641): $what" } }
        1618 { return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: another installation is in progress (msiexec 1618), Intune retries at its next run: $what" } }
    }
    [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: msiexec exit code ${code}: $what" }
}

if ($MyInvocation.InvocationName -ne '.') {
    $wfpHost = Get-Wfp64BitHost -Is64BitProcess ([Environment]::Is64BitProcess) -Is64BitOperatingSystem ([Environment]::Is64BitOperatingSystem) -WinDir $env:WINDIR
    if ($wfpHost.Relaunch) {
        & $wfpHost.Path -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $PSCommandPath -MinimumVersion $MinimumVersion
        exit $LASTEXITCODE
    }
    if ($wfpHost.Error) { $wfpResult = [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: $($wfpHost.Error)" } }
    else { $wfpResult = Invoke-WfpRemediation -MinimumVersion $MinimumVersion -LogFolder "$env:WINDIR\Temp" }
    Write-Output $wfpResult.Line
    exit $wfpResult.ExitCode
}
