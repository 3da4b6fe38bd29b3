<#
.SYNOPSIS
    Intune Win32 app uninstall (uninstall.cmd runs it): removes every installed WmiFixedPort version.

.DESCRIPTION
    Finds the installed products by UpgradeCode (so a version other than the one in this package is removed too,
    instead of msiexec's 1605 "this version is not installed") and runs for each:
        msiexec /x {ProductCode} /qn /norestart /l*v "<log>"
    The MSI puts WMI back exactly as it was before the first install. After success the MSI copies kept under
    %ProgramData%\WmiFixedPort\Source, their recorded SHA-256 and the remembered command-line values
    (HKLM\SOFTWARE\WmiFixedPort\DeploymentKit) are deleted.
    Exit code: 0 when nothing is installed; otherwise msiexec's: the first failure's code, else 1641 or 3010 when any
    removal asked for a restart, else 0. Log: WmiFixedPort-uninstall-<time>.log beside the install logs (newest 3).
    Windows PowerShell 5.1, 64-bit (re-launches through sysnative), SYSTEM.
#>
[CmdletBinding()]
param()

#include WmiFixedPort.Kit.ps1

function Invoke-WfpUninstall {
    # Returns ExitCode and Line.
    param([string] $LogFolder, [string] $SourceRoot)
    try { $products = @(Get-WfpInstalledProduct | Where-Object { Test-WfpProductCode $_.ProductCode }) }
    catch { return [pscustomobject]@{ ExitCode = 1603; Line = "Not uninstalled: cannot query Windows Installer: $($_.Exception.Message)" } }
    if ($products.Count -eq 0) {
        try { Remove-WfpUnusedSource -SourceRoot $SourceRoot -Keep ''; Set-WfpCommandLineValue -Values @{} } catch { }
        return [pscustomobject]@{ ExitCode = 0; Line = 'Nothing to uninstall: WmiFixedPort is not installed' }
    }
    $exitCodes = @()
    $parts = @()
    foreach ($p in $products) {
        try {
            $log = New-WfpLogPath -Folder $LogFolder -Action 'uninstall'
            $exit = Invoke-WfpMsiexec -ArgumentList @('/x', $p.ProductCode, '/qn', '/norestart', '/l*v', ('"' + $log + '"'))
        } catch { $exit = 1603; $log = $_.Exception.Message }
        $exitCodes += $exit
        $parts += "WmiFixedPort $($p.Version) $($p.ProductCode): msiexec $exit; log: $log"
    }
    $failed = @($exitCodes | Where-Object { $_ -ne 0 -and $_ -ne 3010 -and $_ -ne 1641 })
    if ($failed.Count -gt 0) { return [pscustomobject]@{ ExitCode = $failed[0]; Line = "Not uninstalled: $($parts -join '; ')" } }
    try { Remove-WfpUnusedSource -SourceRoot $SourceRoot -Keep ''; Set-WfpCommandLineValue -Values @{} } catch { }
    $exitCode = 0
    if ($exitCodes -contains 3010) { $exitCode = 3010 }
    if ($exitCodes -contains 1641) { $exitCode = 1641 }
    [pscustomobject]@{ ExitCode = $exitCode; Line = "Uninstalled: $($parts -join '; ')" }
}

if ($MyInvocation.InvocationName -ne '.') {
    $wfpHost = Get-Wfp64BitHost -Is64BitProcess ([Environment]::Is64BitProcess) -Is64BitOperatingSystem ([Environment]::Is64BitOperatingSystem) -WinDir $env:WINDIR
    if ($wfpHost.Relaunch) {
        & $wfpHost.Path -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $PSCommandPath
        exit $LASTEXITCODE
    }
    if ($wfpHost.Error) { $wfpResult = [pscustomobject]@{ ExitCode = 1603; Line = "Not uninstalled: $($wfpHost.Error)" } }
    else { $wfpResult = Invoke-WfpUninstall -LogFolder (Get-WfpLogFolder) -SourceRoot (Get-WfpSourceRoot) }
    Write-Output $wfpResult.Line
    exit $wfpResult.ExitCode
}
