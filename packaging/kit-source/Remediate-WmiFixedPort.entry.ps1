<#
.SYNOPSIS
    Intune Remediations, remediation script: repairs WmiFixedPort so that the product's state and values apply again.

.DESCRIPTION
    First checks the state again (as Detect-WmiFixedPortDrift.ps1 does). When the product's state is in force and no
    property drifts, nothing is reinstalled: dependents of winmgmt that the product's restart left stopped (status
    "dependentsDown") are started by name, as the engine's next enable would (exit 0 when they run, else 1 naming
    them); rules present but not enforced because policy turned local rule merge off are reported (exit 1, no
    msiexec: no repair can change a firewall policy). Otherwise, for the installed WmiFixedPort product found by
    UpgradeCode, runs a repair and returns:
      - with the MSI copy that install.cmd keeps (%ProgramData%\WmiFixedPort\Source\{ProductCode}\WmiFixedPort.msi,
        writable by SYSTEM and Administrators only, with the SHA-256 install.cmd recorded in HKLM):
          msiexec.exe /i "<that copy>" REINSTALL=ALL REINSTALLMODE=vamus [NAME="value" ...] /qn /norestart /l*v "<log>"
        every file (a deleted WmiFixedPort.exe or .config too), the registry values and the firewall rules come back
        from a source that Intune's content clean-up does not delete;
      - without it (a product installed before the kit kept a copy):
          msiexec.exe /i {ProductCode} REINSTALL=ALL REINSTALLMODE=omus ... - values, rules and winmgmt's state come
        back; a missing file needs the original MSI (the cached package has no embedded cabinet): 1612, reported.
    A repair runs AppSearch again, so Group Policy values (HKLM\SOFTWARE\Policies\WmiFixedPort) apply, except for a
    property that install.cmd was given on its command line: that value is checked again as install.cmd checks it
    and passed again (NAME="value"), and keeps winning over policy. "WmiFixedPort.exe enable" puts winmgmt back on its own host and port when it is not.
    Log: WmiFixedPort-repair-<time>.log in %ProgramData%\Microsoft\IntuneManagementExtension\Logs (collected by
    Intune's "Collect diagnostics"), else %WINDIR%\Temp; the newest 3 are kept.
    Exit code 0: msiexec returned 0, or 3010/1641 (repaired; a restart completes it). Exit code 1: anything else,
    with the msiexec code and the log path on the one output line. 1618 (another installation running) is a failure
    that Intune retries at the next run. Windows PowerShell 5.1, 64-bit (re-launches through sysnative), SYSTEM.

.PARAMETER MinimumVersion
    Lowest product version that counts as installed.
#>
[CmdletBinding()]
param(
    [string] $MinimumVersion = '{{MinimumVersion}}'
)

#include WmiFixedPort.Kit.ps1

function Invoke-WfpRemediation {
    # Returns ExitCode (0 repaired or nothing left to repair, 1 not) and Line.
    param([string] $MinimumVersion, [string] $LogFolder, [string] $SourceRoot)
    try {
        # Re-check first (the state may have changed since the detection script ran) and repair only what a repair
        # changes.
        $check = Invoke-WfpStateCheck -MinimumVersion ([version]$MinimumVersion)
        if ($check.NotInstalled) { return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: $($check.NotInstalled)" } }
        if ($null -eq $check.Product) { return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: $(@($check.Problems) -join '; ')" } }
        if ($check.Problems.Count -eq 0 -and $check.Drift.Count -eq 0) { return Invoke-WfpLightRemediation -Check $check }
        $productCode = $check.Product.ProductCode
        $kept = Get-WfpKeptPackage -ProductCode $productCode -SourceRoot $SourceRoot
        # Defence in depth: the remembered command-line values pass install.cmd's checks again before msiexec.
        $commandLine = Get-WfpCommandLineValue
        $properties = @(ConvertTo-WfpMsiexecProperty -Values (ConvertTo-WfpPropertySet -Arguments @($WfpPropertyNames | Where-Object { $commandLine.ContainsKey($_) } | ForEach-Object { $_ + '=' + $commandLine[$_] })))
        $log = New-WfpLogPath -Folder $LogFolder -Action 'repair'
        $exit = Invoke-WfpMsiexec -ArgumentList (Get-WfpRepairArgument -ProductCode $productCode -KeptPackage $kept -Properties $properties -LogPath $log)
    } catch {
        return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: $($_.Exception.Message)" }
    }
    $source = 'kept copy'
    if (-not $kept) { $source = 'no kept copy: missing files cannot be restored, run install.cmd once' }
    $what = "WmiFixedPort $($check.Product.Version) $productCode ($source); log: $log"
    switch ($exit) {
        0 { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired: $what" } }
        3010 { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired, restart required (msiexec 3010): $what" } }
        1641 { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired, restart started (msiexec 1641): $what" } }
        1618 { return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: another installation is in progress (msiexec 1618), Intune retries at its next run: $what" } }
    }
    [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: msiexec exit code ${exit}: $what" }
}

function Invoke-WfpLightRemediation {
    # The product's state is in force and nothing drifts: no reinstall. Dependents of winmgmt that the product's last
    # restart left stopped are started (what the engine's next enable or restore would do, without restarting WMI
    # again); rules present but not enforced are only reported: no repair can change a firewall policy.
    param($Check)
    $done = @(); $left = @()
    if ($Check.DependentsDown.Count -gt 0) {
        $failed = @()
        foreach ($name in $Check.DependentsDown) {
            $why = Start-WfpService -Name $name
            if ($why) { $failed += "$name ($why)" }
        }
        $started = @($Check.DependentsDown | Where-Object { $n = $_; -not @($failed | Where-Object { $_.StartsWith("$n (") }) })
        if ($started.Count -gt 0) { $done += "started dependents of winmgmt: $($started -join ', ')" }
        if ($failed.Count -gt 0) { $left += "dependents of winmgmt still not running: $($failed -join ', ')" }
    }
    if ($Check.RulesNotEnforced.Count -gt 0) { $left += (Get-WfpRulesNotEnforcedText -Profiles $Check.RulesNotEnforced) }
    $what = "WmiFixedPort $($Check.Product.Version) $($Check.Product.ProductCode)"
    if ($left.Count -gt 0) {
        return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired (no reinstall: a repair cannot change this): $what; $(@($done + $left) -join '; ')" }
    }
    if ($done.Count -gt 0) { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired without reinstall: $what; $($done -join '; ')" } }
    [pscustomobject]@{ ExitCode = 0; Line = "Nothing to repair: $what is in force and in line with policy" }
}

function Start-WfpService {
    # Windows adapter: starts the service by its exact name (ServiceController, no wildcards) and waits up to 60 s for
    # it to run; returns $null when it runs, else why not.
    param([string] $Name)
    if ($Name -notmatch '^[A-Za-z0-9_.-]+$') { return "'$Name' is not a service name" }
    try {
        $service = New-Object System.ServiceProcess.ServiceController($Name)
        if ([string]$service.Status -ne 'Running') {
            if ([string]$service.Status -eq 'Stopped') { $service.Start() }
            $service.WaitForStatus([System.ServiceProcess.ServiceControllerStatus]::Running, [TimeSpan]::FromSeconds(60))
        }
        $null
    } catch {
        $_.Exception.GetBaseException().Message
    }
}

if ($MyInvocation.InvocationName -ne '.') {
    $wfpHost = Get-Wfp64BitHost -Is64BitProcess ([Environment]::Is64BitProcess) -Is64BitOperatingSystem ([Environment]::Is64BitOperatingSystem) -WinDir $env:WINDIR
    if ($wfpHost.Relaunch) {
        & $wfpHost.Path -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $PSCommandPath -MinimumVersion $MinimumVersion
        exit $LASTEXITCODE
    }
    if ($wfpHost.Error) { $wfpResult = [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: $($wfpHost.Error)" } }
    else { $wfpResult = Invoke-WfpRemediation -MinimumVersion $MinimumVersion -LogFolder (Get-WfpLogFolder) -SourceRoot (Get-WfpSourceRoot) }
    Write-Output $wfpResult.Line
    exit $wfpResult.ExitCode
}
