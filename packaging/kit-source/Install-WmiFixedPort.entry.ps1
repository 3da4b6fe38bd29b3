<#
.SYNOPSIS
    Intune Win32 app install (install.cmd runs it): installs WmiFixedPort, or reinstalls it for real when installed.

.DESCRIPTION
    1. Checks the arguments: NAME=value for the product's properties only (WMIPORT, WMIAUTHLEVEL, FIREWALL,
       FIREWALL_REMOTE_ADDRESSES, FIREWALL_PROFILE, OPEN_RPC_EPMAP), values of letters, digits and . , : / * - _,
       each as the engine's validator accepts it (FIREWALL_PROFILE passed on in canonical form, e.g. private,domain
       as domain,private). Anything else: exit code 1639 (Windows Installer's "invalid command line", a failure)
       before anything changes.
    2. Keeps a copy of WmiFixedPort.msi (beside this script) at
       %ProgramData%\WmiFixedPort\Source\{ProductCode}\WmiFixedPort.msi. The folders get an explicit protected ACL:
       owner Administrators, full control for SYSTEM and Administrators only, nothing inherited; a folder on the way
       that is a link or is owned by anyone else (a user created it first) is renamed aside (<name>.untrusted-<random>)
       and created anew with that ACL. The copy's SHA-256 is recorded under
       HKLM\SOFTWARE\WmiFixedPort\DeploymentKit\KeptPackage and checked, with the ACLs, just before msiexec runs it
       (here and at every repair). Intune deletes its download after the install; repairs run from this copy (the
       MSI's embedded cabinet is not in the package that Windows Installer caches, so a repair that restores a file
       needs a source). The copy held by a running repair: exit code 1618 (Intune retries).
    3. Not installed (or another version, which the MSI's major upgrade replaces):
         msiexec /i "<copy>" SOURCELIST="<copy's folder>" [NAME="value" ...] /qn /norestart /l*v "<log>"
       The copy is the registered source. Installed (this ProductCode): the copy's folder is added to the product's
       source list (Installer.AddSource), then a real reinstall, not a maintenance run that reinstalls nothing:
         msiexec /i "<copy>" REINSTALL=ALL REINSTALLMODE=vamus [NAME="value" ...] /qn /norestart /l*v "<log>"
       (v: run from this package and re-cache it; a: every file again; m, u, s: registry and shortcuts) - files,
       firewall rules and values come back, as for a first install.
    4. After success (0, 3010, 1641): the command-line values replace the remembered ones under
       HKLM\SOFTWARE\WmiFixedPort\DeploymentKit\CommandLine (none given: removed), so that a later repair passes them
       again and detection does not count a policy that differs from them as drift; copies kept for products that
       are no longer installed (the version a major upgrade replaced) are deleted.
    Exit code: msiexec's, unchanged (Intune's defaults: 0, 1707 success; 3010 soft reboot; 1641 hard reboot; 1618
    retry; anything else, 1639 included, is a failure). FIREWALL=0 or OPEN_RPC_EPMAP=0 on an installed product
    removes no rule (a reinstall keeps the installed features; the line says so): uninstall first. Log: WmiFixedPort-install-<time>.log in %ProgramData%\Microsoft\IntuneManagementExtension\Logs
    (Intune's "Collect diagnostics" collects it), else %WINDIR%\Temp; the newest 3 are kept.
    Windows PowerShell 5.1, 64-bit (re-launches through sysnative), SYSTEM.

.PARAMETER Property
    NAME=value arguments passed on to msiexec (they win over Group Policy, now and at every repair).
#>
[CmdletBinding()]
param(
    [Parameter(ValueFromRemainingArguments = $true)] [string[]] $Property = @()
)

#include WmiFixedPort.Kit.ps1

function Invoke-WfpInstall {
    # Returns ExitCode (msiexec's, unchanged; 1639/1620/1603 when it could not run) and Line.
    param([string] $Package, [string[]] $Property, [string] $LogFolder, [string] $SourceRoot)
    try { $values = ConvertTo-WfpPropertySet -Arguments $Property }
    catch { return [pscustomobject]@{ ExitCode = 1639; Line = "Not installed: $($_.Exception.Message)" } }
    try {
        $info = Get-WfpPackageInfo -Path $Package
        if (-not (Test-WfpProductCode $info.ProductCode)) { throw "no ProductCode in $Package" }
        if ($info.UpgradeCode -ne $WfpUpgradeCode) { throw "$Package is not WmiFixedPort (UpgradeCode $($info.UpgradeCode))" }
    } catch {
        return [pscustomobject]@{ ExitCode = 1620; Line = "Not installed: cannot read the package: $($_.Exception.Message)" }
    }
    $productCode = $info.ProductCode
    try {
        try { $kept = Copy-WfpPackageToSource -Package $Package -ProductCode $productCode -SourceRoot $SourceRoot }
        catch {
            # A running repair (msiexec) holds the kept copy: retryable, as Windows Installer's own "another installation".
            if (Test-WfpFileInUse -Exception $_.Exception) { return [pscustomobject]@{ ExitCode = 1618; Line = "Not installed: the kept copy is in use, try again later (1618): $($_.Exception.Message)" } }
            throw
        }
        # Just before msiexec: the copy is still trusted and still has the SHA-256 recorded when it was made.
        if ((Get-WfpKeptPackage -ProductCode $productCode -SourceRoot $SourceRoot) -ne $kept) { throw "the kept copy $kept failed its check (owner, ACL or SHA-256) after it was made" }
        $folder = $kept -replace '[\\/][^\\/]*$', ''   # the copy's folder (string form: the same on every platform)
        $installed = ((Get-WfpProductState -ProductCode $productCode) -eq 5)
        $log = New-WfpLogPath -Folder $LogFolder -Action 'install'
        $properties = @(ConvertTo-WfpMsiexecProperty -Values $values)
        if ($installed) {
            Add-WfpProductSource -ProductCode $productCode -Folder $folder
            $arguments = @('/i', ('"' + $kept + '"'), 'REINSTALL=ALL', 'REINSTALLMODE=vamus')
        } else {
            $arguments = @('/i', ('"' + $kept + '"'), ('SOURCELIST="' + $folder + '"'))
        }
        $arguments += $properties + @('/qn', '/norestart', '/l*v', ('"' + $log + '"'))
        $exit = Invoke-WfpMsiexec -ArgumentList $arguments
    } catch {
        return [pscustomobject]@{ ExitCode = 1603; Line = "Not installed: $($_.Exception.Message)" }
    }
    $what = "WmiFixedPort $($info.ProductVersion) $productCode from $kept; log: $log"
    $verb = 'Installed'
    if ($installed) { $verb = 'Reinstalled (REINSTALL=ALL)' }
    # A reinstall keeps the installed features: FIREWALL=0 / OPEN_RPC_EPMAP=0 remove no rule of an installed product
    # (README, "Group Policy, Intune, Configuration Manager").
    if ($installed -and ($values['FIREWALL'] -eq '0' -or $values['OPEN_RPC_EPMAP'] -eq '0')) { $what += '; FIREWALL=0/OPEN_RPC_EPMAP=0 do not remove the rules of an installed product (uninstall first)' }
    if ($exit -eq 0 -or $exit -eq 3010 -or $exit -eq 1641) {
        $notes = ''
        try { Set-WfpCommandLineValue -Values $values } catch { $notes += "; the command-line values were not remembered: $($_.Exception.Message)" }
        try { Remove-WfpUnusedSource -SourceRoot $SourceRoot -Keep $productCode } catch { }
        return [pscustomobject]@{ ExitCode = $exit; Line = "${verb} (msiexec $exit): $what$notes" }
    }
    [pscustomobject]@{ ExitCode = $exit; Line = "Not installed: msiexec exit code ${exit}: $what" }
}

if ($MyInvocation.InvocationName -ne '.') {
    $wfpHost = Get-Wfp64BitHost -Is64BitProcess ([Environment]::Is64BitProcess) -Is64BitOperatingSystem ([Environment]::Is64BitOperatingSystem) -WinDir $env:WINDIR
    if ($wfpHost.Relaunch) {
        & $wfpHost.Path -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $PSCommandPath @Property
        exit $LASTEXITCODE
    }
    if ($wfpHost.Error) { $wfpResult = [pscustomobject]@{ ExitCode = 1603; Line = "Not installed: $($wfpHost.Error)" } }
    else { $wfpResult = Invoke-WfpInstall -Package (Join-Path $PSScriptRoot 'WmiFixedPort.msi') -Property $Property -LogFolder (Get-WfpLogFolder) -SourceRoot (Get-WfpSourceRoot) }
    Write-Output $wfpResult.Line
    exit $wfpResult.ExitCode
}
