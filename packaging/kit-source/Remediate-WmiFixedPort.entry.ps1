<#
.SYNOPSIS
    Intune Remediations, remediation script: repairs WmiFixedPort so that the product's state and values apply again.

.DESCRIPTION
    For the installed WmiFixedPort product found by UpgradeCode, runs a repair and returns:
      - with the MSI copy that install.cmd keeps (%ProgramData%\WmiFixedPort\Source\{ProductCode}\WmiFixedPort.msi,
        writable by SYSTEM and Administrators only):
          msiexec.exe /i "<that copy>" REINSTALL=ALL REINSTALLMODE=vamus [NAME="value" ...] /qn /norestart /l*v "<log>"
        every file (a deleted WmiFixedPort.exe or .config too), the registry values and the firewall rules come back
        from a source that Intune's content clean-up does not delete;
      - without it (a product installed before the kit kept a copy):
          msiexec.exe /i {ProductCode} REINSTALL=ALL REINSTALLMODE=omus ... - values, rules and winmgmt's state come
        back; a missing file needs the original MSI (the cached package has no embedded cabinet): 1612, reported.
    A repair runs AppSearch again, so Group Policy values (HKLM\SOFTWARE\Policies\WmiFixedPort) apply, except for a
    property that install.cmd was given on its command line: that value is passed again (NAME="value") and keeps
    winning over policy. "WmiFixedPort.exe enable" puts winmgmt back on its own host and port when it is not.
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
    # Returns ExitCode (0 repaired, 1 not) and Line.
    param([string] $MinimumVersion, [string] $LogFolder, [string] $SourceRoot)
    try {
        $choice = Select-WfpProduct -Products @(Get-WfpInstalledProduct) -MinimumVersion ([version]$MinimumVersion)
        if ($null -eq $choice.Product) { return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: $($choice.Reason)" } }
        $productCode = $choice.Product.ProductCode
        $kept = Get-WfpKeptPackage -ProductCode $productCode -SourceRoot $SourceRoot
        $properties = @(ConvertTo-WfpMsiexecProperty -Values (Get-WfpCommandLineValue))
        $log = New-WfpLogPath -Folder $LogFolder -Action 'repair'
        $exit = Invoke-WfpMsiexec -ArgumentList (Get-WfpRepairArgument -ProductCode $productCode -KeptPackage $kept -Properties $properties -LogPath $log)
    } catch {
        return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: $($_.Exception.Message)" }
    }
    $source = 'kept copy'
    if (-not $kept) { $source = 'no kept copy: missing files cannot be restored, run install.cmd once' }
    $what = "WmiFixedPort $($choice.Product.Version) $productCode ($source); log: $log"
    switch ($exit) {
        0 { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired: $what" } }
        3010 { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired, restart required (msiexec 3010): $what" } }
        1641 { return [pscustomobject]@{ ExitCode = 0; Line = "Repaired, restart started (msiexec 1641): $what" } }
        1618 { return [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: another installation is in progress (msiexec 1618), Intune retries at its next run: $what" } }
    }
    [pscustomobject]@{ ExitCode = 1; Line = "Not repaired: msiexec exit code ${exit}: $what" }
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
