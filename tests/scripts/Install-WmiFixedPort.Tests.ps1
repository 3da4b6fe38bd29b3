# packaging/intune/Install-WmiFixedPort.ps1 and Uninstall-WmiFixedPort.ps1 (what install.cmd / uninstall.cmd run).
# Mocks stand in for Windows (msiexec, Windows Installer COM, ACLs, the registry); their shapes and sources are in
# TestHelpers/IntuneFakes.ps1. Installer.ProductState: 5 INSTALLSTATE_DEFAULT (installed), -1 INSTALLSTATE_UNKNOWN
# (learn.microsoft.com/windows/win32/msi/installer-productstate). Exit codes: Windows Installer's error codes
# (1639 ERROR_INVALID_COMMAND_LINE, 1620 ERROR_INSTALL_PACKAGE_INVALID, 1605 ERROR_UNKNOWN_PRODUCT).
# The real runs (msiexec, the ACL, a deleted download, a repair from the kept copy) are the Windows lane's
# (tests/scripts/windows/Invoke-DeploymentKitLane.ps1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers/IntuneFakes.ps1')
    . (Join-Path $PSScriptRoot '../../packaging/intune/Install-WmiFixedPort.ps1')
    $logFolder = Join-Path ([System.IO.Path]::GetTempPath()) ('wfp-logs-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $logFolder | Out-Null
    $sourceRoot = 'C:\ProgramData\WmiFixedPort\Source'
    $package = 'C:\IMECache\x\WmiFixedPort.msi'
    $kept = "C:\ProgramData\WmiFixedPort\Source\$FakeProductCode\WmiFixedPort.msi"
    $keptFolder = "C:\ProgramData\WmiFixedPort\Source\$FakeProductCode"
}

AfterAll { Remove-Item -Recurse -Force -LiteralPath $logFolder -ErrorAction SilentlyContinue }

Describe 'Invoke-WfpInstall' {
    BeforeEach {
        Mock Get-WfpPackageInfo { [pscustomobject]@{ ProductCode = $FakeProductCode; ProductVersion = '1.0.0'; UpgradeCode = $WfpUpgradeCode } }
        Mock Copy-WfpPackageToSource { $kept }
        Mock Get-WfpProductState { -1 }
        Mock Add-WfpProductSource { }
        Mock Invoke-WfpMsiexec { 0 }
        Mock Set-WfpCommandLineValue { }
        Mock Remove-WfpUnusedSource { }
    }

    It 'InvokeWfpInstall_WhenNotInstalled_InstallsFromTheKeptCopyWithItsFolderAsSourceList' {
        $r = Invoke-WfpInstall -Package $package -Property @() -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeLike "Installed (msiexec 0): WmiFixedPort 1.0.0 $FakeProductCode from $kept; log: *WmiFixedPort-install-*.log"
        Should -Invoke Copy-WfpPackageToSource -Times 1 -Exactly -ParameterFilter { $Package -eq $package -and $ProductCode -eq $FakeProductCode -and $SourceRoot -eq $sourceRoot }
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter {
            ($ArgumentList[0..5] -join ' ') -eq "/i `"$kept`" SOURCELIST=`"$keptFolder`" /qn /norestart /l*v" -and $ArgumentList.Count -eq 7
        }
        Should -Invoke Add-WfpProductSource -Times 0 -Exactly
        Should -Invoke Set-WfpCommandLineValue -Times 1 -Exactly -ParameterFilter { $Values.Count -eq 0 }
        Should -Invoke Remove-WfpUnusedSource -Times 1 -Exactly -ParameterFilter { $Keep -eq $FakeProductCode }
    }

    It 'InvokeWfpInstall_WhenThisVersionIsInstalled_ReinstallsEverythingFromTheKeptCopy' {
        Mock Get-WfpProductState { 5 }
        $r = Invoke-WfpInstall -Package $package -Property @() -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.Line | Should -BeLike 'Reinstalled (REINSTALL=ALL) (msiexec 0): *'
        Should -Invoke Add-WfpProductSource -Times 1 -Exactly -ParameterFilter { $ProductCode -eq $FakeProductCode -and $Folder -eq $keptFolder }
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter {
            ($ArgumentList[0..6] -join ' ') -eq "/i `"$kept`" REINSTALL=ALL REINSTALLMODE=vamus /qn /norestart /l*v"
        }
    }

    It 'InvokeWfpInstall_WhenMsiexecReturns<Code>_ReturnsItUnchanged' -ForEach @(
        @{ Code = 3010 }, @{ Code = 1641 }, @{ Code = 1618 }, @{ Code = 1603 }, @{ Code = 1707 }
    ) {
        Mock Invoke-WfpMsiexec { $Code }
        (Invoke-WfpInstall -Package $package -Property @() -LogFolder $logFolder -SourceRoot $sourceRoot).ExitCode | Should -Be $Code
    }

    It 'InvokeWfpInstall_WhenMsiexecFails_DoesNotRememberTheCommandLine' {
        Mock Invoke-WfpMsiexec { 1603 }
        $r = Invoke-WfpInstall -Package $package -Property @('WMIPORT=24200') -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.Line | Should -BeLike 'Not installed: msiexec exit code 1603: *'
        Should -Invoke Set-WfpCommandLineValue -Times 0 -Exactly
    }

    It 'InvokeWfpInstall_WhenGivenProperties_PassesThemQuotedAndRemembersThem' {
        $r = Invoke-WfpInstall -Package $package -Property @('firewall_profile=domain', 'FIREWALL_REMOTE_ADDRESSES=10.1.2.10,10.1.2.0/24') -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 0
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter {
            ($ArgumentList[3..4] -join ' ') -eq 'FIREWALL_REMOTE_ADDRESSES="10.1.2.10,10.1.2.0/24" FIREWALL_PROFILE="domain"'
        }
        Should -Invoke Set-WfpCommandLineValue -Times 1 -Exactly -ParameterFilter { $Values['FIREWALL_PROFILE'] -eq 'domain' -and $Values.Count -eq 2 }
    }

    It 'InvokeWfpInstall_WhenAnArgumentIs<Case>_Exits1639BeforeAnythingChanges' -ForEach @(
        @{ Case = 'NotNameValue'; Arg = '/x'; Message = "argument '/x' is not NAME=value*" }
        @{ Case = 'AnotherProperty'; Arg = 'INSTALLFOLDER=C:\x'; Message = "property 'INSTALLFOLDER' is not one install.cmd passes on; allowed: WMIPORT, *" }
        @{ Case = 'AQuote'; Arg = 'WMIPORT=1" /x "'; Message = "value '1`" /x `"' of WMIPORT holds a character install.cmd does not pass on*" }
        @{ Case = 'Empty'; Arg = 'WMIPORT='; Message = "value '' of WMIPORT holds a character*" }
    ) {
        $r = Invoke-WfpInstall -Package $package -Property @($Arg) -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1639
        $r.Line | Should -BeLike "Not installed: $Message"
        Should -Invoke Copy-WfpPackageToSource -Times 0 -Exactly
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpInstall_WhenThePackageIsNotWmiFixedPort_Exits1620' {
        Mock Get-WfpPackageInfo { [pscustomobject]@{ ProductCode = $FakeProductCode; ProductVersion = '1.0.0'; UpgradeCode = '{00000000-0000-0000-0000-000000000000}' } }
        $r = Invoke-WfpInstall -Package $package -Property @() -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1620
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpInstall_WhenTheCopyCannotBeKept_Exits1603WithoutInstalling' {
        Mock Copy-WfpPackageToSource { throw 'C:\ProgramData\WmiFixedPort is a link (reparse point), not a folder; remove it' }
        $r = Invoke-WfpInstall -Package $package -Property @() -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1603
        $r.Line | Should -BeExactly 'Not installed: C:\ProgramData\WmiFixedPort is a link (reparse point), not a folder; remove it'
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }
}

Describe 'Invoke-WfpUninstall' {
    BeforeAll { . (Join-Path $PSScriptRoot '../../packaging/intune/Uninstall-WmiFixedPort.ps1') }
    BeforeEach {
        Mock Get-WfpInstalledProduct { [pscustomobject]@{ ProductCode = $FakeProductCode; Version = '1.0.0' } }
        Mock Invoke-WfpMsiexec { 0 }
        Mock Set-WfpCommandLineValue { }
        Mock Remove-WfpUnusedSource { }
    }

    It 'InvokeWfpUninstall_WhenInstalled_RemovesByProductCodeFoundByUpgradeCodeAndCleansTheKeptCopy' {
        $r = Invoke-WfpUninstall -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 0
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter { ($ArgumentList[0..4] -join ' ') -eq "/x $FakeProductCode /qn /norestart /l*v" }
        Should -Invoke Remove-WfpUnusedSource -Times 1 -Exactly -ParameterFilter { $SourceRoot -eq $sourceRoot -and $Keep -eq '' }
        Should -Invoke Set-WfpCommandLineValue -Times 1 -Exactly -ParameterFilter { $Values.Count -eq 0 }
    }

    It 'InvokeWfpUninstall_WhenAnotherVersionIsInstalled_RemovesItInsteadOf1605' {
        Mock Get-WfpInstalledProduct { [pscustomobject]@{ ProductCode = '{AAAAAAAA-2222-3333-4444-555555555555}'; Version = '0.9.0' } }
        (Invoke-WfpUninstall -LogFolder $logFolder -SourceRoot $sourceRoot).ExitCode | Should -Be 0
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter { $ArgumentList[1] -eq '{AAAAAAAA-2222-3333-4444-555555555555}' }
    }

    It 'InvokeWfpUninstall_WhenNothingIsInstalled_ExitsZeroWithoutMsiexec' {
        Mock Get-WfpInstalledProduct { }
        $r = Invoke-WfpUninstall -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly 'Nothing to uninstall: WmiFixedPort is not installed'
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpUninstall_WhenMsiexecReturns<Code>_Exits<Exit>AndKeepsTheCopyOnFailure' -ForEach @(
        @{ Code = 3010; Exit = 3010; Cleaned = 1 }, @{ Code = 1618; Exit = 1618; Cleaned = 0 }, @{ Code = 1603; Exit = 1603; Cleaned = 0 }
    ) {
        Mock Invoke-WfpMsiexec { $Code }
        (Invoke-WfpUninstall -LogFolder $logFolder -SourceRoot $sourceRoot).ExitCode | Should -Be $Exit
        Should -Invoke Remove-WfpUnusedSource -Times $Cleaned -Exactly
    }
}

Describe 'Logs (bounded, where Intune collects them)' {
    It 'GetWfpLogFolder_WhenTheIntuneAgentsLogFolderExists_UsesIt' {
        $pd = Join-Path ([System.IO.Path]::GetTempPath()) ('pd-' + [guid]::NewGuid().ToString('N'))
        try {
            $winDir = Join-Path $pd 'Windows'
            Get-WfpLogFolder -ProgramData $pd -WinDir $winDir | Should -Be (Join-Path $winDir 'Temp')
            $ime = Join-Path $pd 'Microsoft\IntuneManagementExtension\Logs'
            New-Item -ItemType Directory -Force -Path $ime | Out-Null
            Get-WfpLogFolder -ProgramData $pd -WinDir $winDir | Should -Be $ime
        } finally { Remove-Item -Recurse -Force -LiteralPath $pd -ErrorAction SilentlyContinue }
    }

    It 'NewWfpLogPath_WhenManyLogsOfTheActionExist_DeletesTheOldestSoThatThreeRemainWithTheNewOne' {
        $dir = Join-Path ([System.IO.Path]::GetTempPath()) ('logs-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
        try {
            1..12 | ForEach-Object { Set-Content -LiteralPath (Join-Path $dir ('WmiFixedPort-repair-202601{0:D2}-000000.log' -f $_)) -Value x }
            Set-Content -LiteralPath (Join-Path $dir 'WmiFixedPort-install-20260101-000000.log') -Value x
            $path = New-WfpLogPath -Folder $dir -Action 'repair' -Now ([datetime]'2026-02-01T10:11:12')
            $path | Should -Be (Join-Path $dir 'WmiFixedPort-repair-20260201-101112.log')
            $left = @(Get-ChildItem -LiteralPath $dir -Filter 'WmiFixedPort-repair-*.log' | ForEach-Object Name | Sort-Object)
            # Intune's "Collect diagnostics" takes a limited number of files from the folder: 3 per action, with the new one.
            $left | Should -Be @('WmiFixedPort-repair-20260111-000000.log', 'WmiFixedPort-repair-20260112-000000.log')
            Test-Path -LiteralPath (Join-Path $dir 'WmiFixedPort-install-20260101-000000.log') | Should -BeTrue
        } finally { Remove-Item -Recurse -Force -LiteralPath $dir -ErrorAction SilentlyContinue }
    }

    It 'GetWfpKeptPackage_WhenTheProductsFolderHoldsTheMsi_ReturnsIt' {
        Mock Test-WfpTrustedPath { $true }
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ('src-' + [guid]::NewGuid().ToString('N'))
        try {
            Get-WfpKeptPackage -ProductCode $FakeProductCode -SourceRoot $root | Should -BeNullOrEmpty
            New-Item -ItemType Directory -Force -Path (Join-Path $root $FakeProductCode) | Out-Null
            Set-Content -LiteralPath (Join-Path (Join-Path $root $FakeProductCode) 'WmiFixedPort.msi') -Value x
            Get-WfpKeptPackage -ProductCode $FakeProductCode -SourceRoot $root | Should -Be (Join-Path (Join-Path $root $FakeProductCode) 'WmiFixedPort.msi')
            Get-WfpKeptPackage -ProductCode '..' -SourceRoot $root | Should -BeNullOrEmpty
        } finally { Remove-Item -Recurse -Force -LiteralPath $root -ErrorAction SilentlyContinue }
    }

    It 'GetWfpKeptPackage_WhenTheCopyOrAFolderAboveIsWritableByOthers_IgnoresTheCopy' {
        # A repair runs the copy as SYSTEM: a package someone else could have written must not be used.
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ('src-' + [guid]::NewGuid().ToString('N'))
        try {
            $folder = Join-Path $root $FakeProductCode
            New-Item -ItemType Directory -Force -Path $folder | Out-Null
            Set-Content -LiteralPath (Join-Path $folder 'WmiFixedPort.msi') -Value x
            Mock Test-WfpTrustedPath { $Path -ne $root }
            Get-WfpKeptPackage -ProductCode $FakeProductCode -SourceRoot $root | Should -BeNullOrEmpty
            Should -Invoke Test-WfpTrustedPath -ParameterFilter { $Path -eq $root }
            Mock Test-WfpTrustedPath { $true }
            Get-WfpKeptPackage -ProductCode $FakeProductCode -SourceRoot $root | Should -Be (Join-Path $folder 'WmiFixedPort.msi')
            Should -Invoke Test-WfpTrustedPath -Times 1 -Exactly -ParameterFilter { $Path -like '*WmiFixedPort.msi' }
        } finally { Remove-Item -Recurse -Force -LiteralPath $root -ErrorAction SilentlyContinue }
    }

    It 'GetWfpKeptPackage_WhenAnotherMsiNameIsThere_IgnoresIt' {
        Mock Test-WfpTrustedPath { $true }
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ('src-' + [guid]::NewGuid().ToString('N'))
        try {
            New-Item -ItemType Directory -Force -Path (Join-Path $root $FakeProductCode) | Out-Null
            Set-Content -LiteralPath (Join-Path (Join-Path $root $FakeProductCode) 'other.msi') -Value x
            Get-WfpKeptPackage -ProductCode $FakeProductCode -SourceRoot $root | Should -BeNullOrEmpty
        } finally { Remove-Item -Recurse -Force -LiteralPath $root -ErrorAction SilentlyContinue }
    }
}
