<#
.SYNOPSIS
    Intune Remediations, detection script: is WmiFixedPort's configuration in force and in line with policy?

.DESCRIPTION
    Exit code 0 ("without issues"): WmiFixedPort is not installed (nothing to remediate), or the state in force is
    the product's and no property drifts. Exit code 1 ("with issues": Intune then runs Remediate-WmiFixedPort.ps1):
    the state in force is not the product's (winmgmt back on the shared host after someone's "winmgmt /sharedhost",
    another port, a missing or disabled firewall rule, status failing), or "WmiFixedPort.exe status --json" reports
    drift: a Group Policy value under HKLM\SOFTWARE\Policies\WmiFixedPort that differs from the remembered value
    (a policy changed and not applied yet), or a value in force that differs from the remembered one - except where
    install.cmd was given the property on its command line: that value wins over policy, so only a remembered value
    or value in force other than it counts. Also "with issues": the rules are present but not enforced because policy
    turned local rule merge off on a profile they are for (status "localRulesIgnored", and the firewall's ActiveStore),
    and dependents of winmgmt that the product's restart left stopped (status "dependentsDown", names in the line).
    One line on STDOUT (Intune shows the last line); nothing on STDERR.
    Windows PowerShell 5.1, 64-bit (re-launches itself through sysnative when started 32-bit), SYSTEM, in-box only.

.PARAMETER MinimumVersion
    Lowest product version that counts as installed.
#>
[CmdletBinding()]
param(
    [string] $MinimumVersion = '{{MinimumVersion}}'
)

#include WmiFixedPort.Kit.ps1

function Invoke-WfpDriftDetection {
    # Returns ExitCode (0 no issue, 1 issue) and Line.
    param([string] $MinimumVersion)
    try {
        $check = Invoke-WfpStateCheck -MinimumVersion ([version]$MinimumVersion)
    } catch {
        return [pscustomobject]@{ ExitCode = 1; Line = "Drift check failed: $($_.Exception.Message)" }
    }
    if ($check.NotInstalled) {
        return [pscustomobject]@{ ExitCode = 0; Line = "Nothing to remediate: $($check.NotInstalled)" }
    }
    $issues = @($check.Problems)
    if ($check.Drift.Count -gt 0) { $issues += "drift in $($check.Drift -join ', ') (policy or value in force differs from the remembered value)" }
    if ($check.RulesNotEnforced.Count -gt 0) { $issues += (Get-WfpRulesNotEnforcedText -Profiles $check.RulesNotEnforced) }
    if ($check.DependentsDown.Count -gt 0) { $issues += "dependents of winmgmt not running again: $($check.DependentsDown -join ', ')" }
    if ($issues.Count -gt 0) {
        return [pscustomobject]@{ ExitCode = 1; Line = "Drift: $($issues -join '; ')" }
    }
    [pscustomobject]@{
        ExitCode = 0
        Line = "Compliant: WmiFixedPort $($check.Product.Version), winmgmt standalone on port $($check.Port); $(@($check.Notes) -join '; ')"
    }
}

if ($MyInvocation.InvocationName -ne '.') {
    $wfpHost = Get-Wfp64BitHost -Is64BitProcess ([Environment]::Is64BitProcess) -Is64BitOperatingSystem ([Environment]::Is64BitOperatingSystem) -WinDir $env:WINDIR
    if ($wfpHost.Relaunch) {
        & $wfpHost.Path -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $PSCommandPath -MinimumVersion $MinimumVersion
        exit $LASTEXITCODE
    }
    if ($wfpHost.Error) { $wfpResult = [pscustomobject]@{ ExitCode = 1; Line = "Drift check failed: $($wfpHost.Error)" } }
    else { $wfpResult = Invoke-WfpDriftDetection -MinimumVersion $MinimumVersion }
    Write-Output $wfpResult.Line
    exit $wfpResult.ExitCode
}
