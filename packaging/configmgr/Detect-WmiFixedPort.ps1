<#
.SYNOPSIS
    Intune Win32 app detection for WmiFixedPort: installed, and WMI is on the fixed port the product set.

.DESCRIPTION
    Prints one line and exits 0 only when
      - a WmiFixedPort product (UpgradeCode {E9D2D046-CD70-4BD6-9E50-3B01388ADADA}) of version MinimumVersion or
        later is installed (Windows Installer's RelatedProducts), and
      - "WmiFixedPort.exe status --json" (in Settings\InstallFolder, else %ProgramFiles%\WmiFixedPort) says:
        winmgmt on its own service host, on the remembered WMIPORT, and, where status knows it, the port listening
        (a "notListening" that status explains in its note is accepted), and
      - the firewall rules the product installed are present, enabled and on their ports.
    Otherwise it is "not detected": with -Agent Intune (the default) one line saying why and exit code 1; with
    -Agent ConfigMgr exit code 0 and no output, which is what Configuration Manager's script detection reads as
    "not installed" (a non-zero exit code there is a detection failure, not "not installed").
    Intune reads "detected" as exit code 0 plus something on STDOUT (Microsoft Learn, "Add, assign, and monitor a
    Win32 app": "The app will be detected when the script both returns a 0 value exit code and writes a string
    value to STDOUT."). Nothing is ever written to STDERR.

    Windows PowerShell 5.1, 64-bit (a 32-bit start re-launches itself through sysnative), as SYSTEM, in-box modules
    only. A changed policy value that has not been applied yet does not make it "not detected" (it is named in the
    line): the Remediations pair Detect-WmiFixedPortDrift.ps1 / Remediate-WmiFixedPort.ps1 handles that.

.PARAMETER MinimumVersion
    Lowest product version that counts. Intune passes no parameters: when you upload a new version, set the default
    below to that version so that older installations are upgraded.

.PARAMETER Agent
    Intune (default) or ConfigMgr: how "not detected" is reported (see above).
#>
[CmdletBinding()]
param(
    [string] $MinimumVersion = '1.0.0',
    [ValidateSet('Intune', 'ConfigMgr')] [string] $Agent = 'ConfigMgr'
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

function Invoke-WfpDetection {
    # Returns ExitCode and Line ($null: print nothing) for the Win32 app detection.
    param([string] $MinimumVersion, [string] $Agent)
    $check = $null
    $reasons = @()
    try {
        $check = Invoke-WfpStateCheck -MinimumVersion ([version]$MinimumVersion)
        if ($check.NotInstalled) { $reasons = @($check.NotInstalled) } else { $reasons = @($check.Problems) }
    } catch {
        $reasons = @("detection failed: $($_.Exception.Message)")
    }
    if ($reasons.Count -gt 0) { return New-WfpNotDetected -Agent $Agent -Reasons $reasons }
    $parts = @("winmgmt standalone on port $($check.Port)") + @($check.Notes)
    if ($check.Drift.Count -gt 0) { $parts += "not yet applied (repair to apply): $($check.Drift -join ', ')" }
    [pscustomobject]@{
        ExitCode = 0
        Line = "Detected: WmiFixedPort $($check.Product.Version) $($check.Product.ProductCode); $($parts -join '; ')"
    }
}

function New-WfpNotDetected {
    param([string] $Agent, [string[]] $Reasons)
    if ($Agent -eq 'ConfigMgr') { return [pscustomobject]@{ ExitCode = 0; Line = $null } }
    [pscustomobject]@{ ExitCode = 1; Line = "Not detected: $($Reasons -join '; ')" }
}

if ($MyInvocation.InvocationName -ne '.') {
    $wfpHost = Get-Wfp64BitHost -Is64BitProcess ([Environment]::Is64BitProcess) -Is64BitOperatingSystem ([Environment]::Is64BitOperatingSystem) -WinDir $env:WINDIR
    if ($wfpHost.Relaunch) {
        & $wfpHost.Path -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $PSCommandPath -MinimumVersion $MinimumVersion -Agent $Agent
        exit $LASTEXITCODE
    }
    if ($wfpHost.Error) { $wfpResult = New-WfpNotDetected -Agent $Agent -Reasons @($wfpHost.Error) }
    else { $wfpResult = Invoke-WfpDetection -MinimumVersion $MinimumVersion -Agent $Agent }
    if ($null -ne $wfpResult.Line) { Write-Output $wfpResult.Line }
    exit $wfpResult.ExitCode
}
