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
    line): the Remediations pair Detect-WmiFixedPortDrift.ps1 / Remediate-WmiFixedPort.ps1 handles that. Rules that
    are present but not enforced (policy turned local rule merge off) and dependents of winmgmt left stopped are
    named in the line but do not make it "not detected": a reinstall cannot change them.

.PARAMETER MinimumVersion
    Lowest product version that counts. Intune passes no parameters: the default is stamped by
    packaging/kit-source/Build-KitScripts.ps1 with the version of the MSI the kit ships with, so that an older
    installation is not detected and gets upgraded.

.PARAMETER Agent
    Intune (default) or ConfigMgr: how "not detected" is reported (see above).
#>
[CmdletBinding()]
param(
    [string] $MinimumVersion = '{{MinimumVersion}}',
    [ValidateSet('Intune', 'ConfigMgr')] [string] $Agent = '{{AgentDefault}}'
)

#include WmiFixedPort.Kit.ps1

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
    # Reported, not "not detected": a reinstall cannot change either (see the README).
    if ($check.RulesNotEnforced.Count -gt 0) { $parts += (Get-WfpRulesNotEnforcedText -Profiles $check.RulesNotEnforced) }
    if ($check.DependentsDown.Count -gt 0) { $parts += "dependents of winmgmt not running again: $($check.DependentsDown -join ', ')" }
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
