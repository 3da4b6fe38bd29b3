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
        Mock Get-WfpKeptPackage { $kept }
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
            $path | Should -Match ('^' + [regex]::Escape((Join-Path $dir 'WmiFixedPort-repair-20260201-101112-')) + '[a-z0-9]{8}\.log$')
            $left = @(Get-ChildItem -LiteralPath $dir -Filter 'WmiFixedPort-repair-*.log' | ForEach-Object Name | Sort-Object)
            # Intune's "Collect diagnostics" takes a limited number of files from the folder: 3 per action, with the new one.
            $left | Should -Be @('WmiFixedPort-repair-20260111-000000.log', 'WmiFixedPort-repair-20260112-000000.log')
            Test-Path -LiteralPath (Join-Path $dir 'WmiFixedPort-install-20260101-000000.log') | Should -BeTrue
        } finally { Remove-Item -Recurse -Force -LiteralPath $dir -ErrorAction SilentlyContinue }
    }

    It 'GetWfpKeptPackage_WhenTheProductsFolderHoldsTheMsi_ReturnsIt' {
        Mock Test-WfpTrustedPath { $true }
        Mock Get-WfpKeptPackageHash { (Get-FileHash -LiteralPath (Join-Path (Join-Path $root $FakeProductCode) 'WmiFixedPort.msi') -Algorithm SHA256).Hash }
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
        Mock Get-WfpKeptPackageHash { (Get-FileHash -LiteralPath (Join-Path (Join-Path $root $FakeProductCode) 'WmiFixedPort.msi') -Algorithm SHA256).Hash }
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

Describe 'ConvertTo-WfpPropertySet, values checked as the engine checks them (customactions/WmiFixedPort/Validation)' {
    It 'ConvertToWfpPropertySet_WhenFirewallProfileIsIn<Case>_PassesTheCanonicalForm' -ForEach @(
        @{ Case = 'AnotherOrder'; Given = 'private,domain'; Want = 'domain,private' }
        @{ Case = 'UpperCase'; Given = 'PUBLIC,Domain'; Want = 'domain,public' }
        @{ Case = 'AllThreeReversed'; Given = 'public,private,domain'; Want = 'domain,private,public' }
        @{ Case = 'ARepeat'; Given = 'domain,domain'; Want = 'domain' }
        @{ Case = 'AllUpperCase'; Given = 'ALL'; Want = 'all' }
    ) {
        (ConvertTo-WfpPropertySet -Arguments @("FIREWALL_PROFILE=$Given"))['FIREWALL_PROFILE'] | Should -BeExactly $Want
    }

    It 'ConvertToWfpPropertySet_When<Name>Is<Value>_ThrowsNamingThePropertyTheValueAndWhatIsAllowed' -ForEach @(
        @{ Name = 'FIREWALL_PROFILE'; Value = 'domain,,private'; Allowed = "*expected 'all' or a comma-separated list*" }
        @{ Name = 'FIREWALL_PROFILE'; Value = 'work'; Allowed = '*domain, private, public*' }
        @{ Name = 'WMIPORT'; Value = '80'; Allowed = '*1024 to 65535*' }
        @{ Name = 'WMIPORT'; Value = '024158'; Allowed = '*1024 to 65535*' }
        @{ Name = 'WMIPORT'; Value = '70000'; Allowed = '*1024 to 65535*' }
        @{ Name = 'WMIAUTHLEVEL'; Value = '7'; Allowed = '*2 (CONNECT)*6 (PKT_PRIVACY)*' }
        @{ Name = 'FIREWALL'; Value = 'yes'; Allowed = '*expected 1*or 0*' }
        @{ Name = 'OPEN_RPC_EPMAP'; Value = '2'; Allowed = '*expected 1*or 0*' }
        @{ Name = 'FIREWALL_REMOTE_ADDRESSES'; Value = '10.0.0.0/33'; Allowed = "*item '10.0.0.0/33' has a prefix length above 32*" }
        @{ Name = 'FIREWALL_REMOTE_ADDRESSES'; Value = '*,10.0.0.1'; Allowed = "*'*' must stand alone*" }
        @{ Name = 'FIREWALL_REMOTE_ADDRESSES'; Value = '1.2.3'; Allowed = "*item '1.2.3' is not an IP address, subnet, range or keyword*" }
        @{ Name = 'FIREWALL_REMOTE_ADDRESSES'; Value = '10.0.0.9-10.0.0.1'; Allowed = '*starts after it ends*' }
        @{ Name = 'FIREWALL_REMOTE_ADDRESSES'; Value = '10.0.0.0/255.0.255.0'; Allowed = '*not contiguous*' }
        @{ Name = 'FIREWALL_REMOTE_ADDRESSES'; Value = 'fd00::1-10.0.0.1'; Allowed = '*mixes IPv4 and IPv6*' }
        @{ Name = 'FIREWALL_REMOTE_ADDRESSES'; Value = '10.0.0.1,'; Allowed = '*an empty item*' }
    ) {
        { ConvertTo-WfpPropertySet -Arguments @("$Name=$Value") } | Should -Throw "value '$Value' of $Name is not allowed: $Allowed"
    }

    It 'ConvertToWfpPropertySet_WhenEveryFormOfRemoteAddressIsGiven_AcceptsThemUnchanged' {
        $v = 'LocalSubnet,dns,10.0.0.0/8,10.0.0.0/255.0.0.0,fd00::/8,10.0.0.1-10.0.0.9,::1,192.168.1.20'
        (ConvertTo-WfpPropertySet -Arguments @("FIREWALL_REMOTE_ADDRESSES=$v"))['FIREWALL_REMOTE_ADDRESSES'] | Should -BeExactly $v
    }

    It 'ConvertToWfpPropertySet_WhenThePortAndLevelAreValid_AcceptsThem' {
        $r = ConvertTo-WfpPropertySet -Arguments @('WMIPORT=65535', 'WMIAUTHLEVEL=2', 'FIREWALL=0', 'OPEN_RPC_EPMAP=1')
        ($r['WMIPORT'], $r['WMIAUTHLEVEL'], $r['FIREWALL'], $r['OPEN_RPC_EPMAP']) -join ' ' | Should -BeExactly '65535 2 0 1'
    }
}

Describe 'Invoke-WfpInstall, review 17' {
    BeforeEach {
        Mock Get-WfpPackageInfo { [pscustomobject]@{ ProductCode = $FakeProductCode; ProductVersion = '1.0.0'; UpgradeCode = $WfpUpgradeCode } }
        Mock Copy-WfpPackageToSource { $kept }
        Mock Get-WfpKeptPackage { $kept }
        Mock Get-WfpProductState { -1 }
        Mock Add-WfpProductSource { }
        Mock Invoke-WfpMsiexec { 0 }
        Mock Set-WfpCommandLineValue { }
        Mock Remove-WfpUnusedSource { }
    }

    It 'InvokeWfpInstall_WhenFirewallProfileIsInAnotherOrder_PassesAndRemembersTheCanonicalForm' {
        (Invoke-WfpInstall -Package $package -Property @('FIREWALL_PROFILE=private,domain') -LogFolder $logFolder -SourceRoot $sourceRoot).ExitCode | Should -Be 0
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter { $ArgumentList -contains 'FIREWALL_PROFILE="domain,private"' }
        Should -Invoke Set-WfpCommandLineValue -Times 1 -Exactly -ParameterFilter { $Values['FIREWALL_PROFILE'] -eq 'domain,private' }
    }

    It 'InvokeWfpInstall_WhenAValueIsOneTheEngineRefuses_Exits1639BeforeAnythingChanges' {
        $r = Invoke-WfpInstall -Package $package -Property @('FIREWALL=yes') -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1639
        $r.Line | Should -BeLike "Not installed: value 'yes' of FIREWALL is not allowed: *"
        Should -Invoke Copy-WfpPackageToSource -Times 0 -Exactly
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpInstall_WhenTheKeptCopyFailsItsCheckJustBeforeMsiexec_Exits1603WithoutRunningIt' {
        Mock Get-WfpKeptPackage { $null }
        $r = Invoke-WfpInstall -Package $package -Property @() -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1603
        $r.Line | Should -BeLike "Not installed: the kept copy $kept failed its check (owner, ACL or SHA-256)*"
        Should -Invoke Get-WfpKeptPackage -Times 1 -Exactly -ParameterFilter { $ProductCode -eq $FakeProductCode -and $SourceRoot -eq $sourceRoot }
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpInstall_WhenTheKeptCopyIsHeldByARunningRepair_Exits1618SoIntuneRetries' {
        # ERROR_SHARING_VIOLATION (32) as the HRESULT .NET gives an IOException: 0x80070020.
        Mock Copy-WfpPackageToSource { $e = New-Object System.IO.IOException('The process cannot access the file because it is being used by another process.', -2147024864); throw $e }
        $r = Invoke-WfpInstall -Package $package -Property @() -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1618
        $r.Line | Should -BeLike 'Not installed: the kept copy is in use, try again later (1618): *'
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpInstall_WhenCopyFailsForAnotherReason_StillExits1603' {
        Mock Copy-WfpPackageToSource { throw (New-Object System.IO.IOException('disk full', -2147024784)) }
        (Invoke-WfpInstall -Package $package -Property @() -LogFolder $logFolder -SourceRoot $sourceRoot).ExitCode | Should -Be 1603
    }

    It 'InvokeWfpInstall_WhenFirewallZeroIsGivenOnAnInstalledProduct_SaysItRemovesNoRule' {
        Mock Get-WfpProductState { 5 }
        $r = Invoke-WfpInstall -Package $package -Property @('FIREWALL=0') -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.Line | Should -BeLike '*FIREWALL=0/OPEN_RPC_EPMAP=0 do not remove the rules of an installed product (uninstall first)'
    }
}

Describe 'New-WfpLogPath, review 17' {
    It 'NewWfpLogPath_WhenCalledTwiceInTheSameSecond_GivesTwoNames' {
        $now = [datetime]'2026-02-01T10:11:12'
        $a = New-WfpLogPath -Folder $logFolder -Action 'uninstall' -Now $now
        $b = New-WfpLogPath -Folder $logFolder -Action 'uninstall' -Now $now
        $a | Should -Not -Be $b
    }
}

Describe 'Get-WfpKeptPackage, SHA-256 recorded at install' {
    BeforeEach {
        Mock Test-WfpTrustedPath { $true }
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ('src-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Force -Path (Join-Path $root $FakeProductCode) | Out-Null
        $msi = Join-Path (Join-Path $root $FakeProductCode) 'WmiFixedPort.msi'
        Set-Content -LiteralPath $msi -Value 'package'
        $hash = (Get-FileHash -LiteralPath $msi -Algorithm SHA256).Hash
    }
    AfterEach { Remove-Item -Recurse -Force -LiteralPath $root -ErrorAction SilentlyContinue }

    It 'GetWfpKeptPackage_WhenTheRecordedHashMatches_ReturnsTheCopy' {
        Mock Get-WfpKeptPackageHash { $hash }
        Get-WfpKeptPackage -ProductCode $FakeProductCode -SourceRoot $root | Should -Be $msi
        Should -Invoke Get-WfpKeptPackageHash -Times 1 -Exactly -ParameterFilter { $ProductCode -eq $FakeProductCode }
    }

    It 'GetWfpKeptPackage_WhenTheCopyChangedAfterItWasRecorded_IgnoresIt' {
        Mock Get-WfpKeptPackageHash { $hash }
        Set-Content -LiteralPath $msi -Value 'planted'
        Get-WfpKeptPackage -ProductCode $FakeProductCode -SourceRoot $root | Should -BeNullOrEmpty
    }

    It 'GetWfpKeptPackage_WhenNoHashWasRecorded_IgnoresIt' {
        Mock Get-WfpKeptPackageHash { $null }
        Get-WfpKeptPackage -ProductCode $FakeProductCode -SourceRoot $root | Should -BeNullOrEmpty
    }
}

Describe 'Test-WfpTrustedPath and Set-WfpProtectedFolder, mocked ACLs' {
    BeforeAll {
        # Get-Acl and Set-Acl exist on Windows only; Pester can mock only a command that exists.
        if (-not (Get-Command Get-Acl -ErrorAction SilentlyContinue)) { function global:Get-Acl { param([string] $LiteralPath) } }
        if (-not (Get-Command Set-Acl -ErrorAction SilentlyContinue)) { function global:Set-Acl { param([string] $LiteralPath, $AclObject) } }
        function New-FakeAcl {
            # Get-Acl's object as the two calls Test-WfpTrustedPath makes see it: GetOwner(SecurityIdentifier) and
            # GetAccessRules(true, true, SecurityIdentifier) (System.Security.AccessControl.FileSystemSecurity).
            param([string] $Owner, [object[]] $Rules)
            $o = [pscustomobject]@{ OwnerSid = $Owner; Rules = $Rules }
            $o | Add-Member -MemberType ScriptMethod -Name GetOwner -Value { param($t) [pscustomobject]@{ Value = $this.OwnerSid } }
            $o | Add-Member -MemberType ScriptMethod -Name GetAccessRules -Value { param($a, $b, $t) $this.Rules }
            $o
        }
        function New-FakeAce {
            param([string] $Sid, [int] $Rights)
            [pscustomobject]@{ AccessControlType = 'Allow'; FileSystemRights = $Rights; IdentityReference = [pscustomobject]@{ Value = $Sid } }
        }
    }

    It 'TestWfpTrustedPath_WhenUsersHold<Right>_IsFalse' -ForEach @(
        @{ Right = 'GenericAll'; Bits = 0x10000000 }
        @{ Right = 'GenericWrite'; Bits = 0x40000000 }
        @{ Right = 'WriteData'; Bits = 0x2 }
    ) {
        Mock Get-Item { [pscustomobject]@{ Attributes = [System.IO.FileAttributes]::Directory } }
        Mock Get-Acl { New-FakeAcl -Owner 'S-1-5-18' -Rules @((New-FakeAce -Sid 'S-1-5-18' -Rights 0x1F01FF), (New-FakeAce -Sid 'S-1-5-32-545' -Rights $Bits)) }
        Test-WfpTrustedPath -Path 'C:\ProgramData\WmiFixedPort' | Should -BeFalse
    }

    It 'TestWfpTrustedPath_WhenUsersMayOnlyReadAndExecute_IsTrue' {
        Mock Get-Item { [pscustomobject]@{ Attributes = [System.IO.FileAttributes]::Directory } }
        Mock Get-Acl { New-FakeAcl -Owner 'S-1-5-32-544' -Rules @((New-FakeAce -Sid 'S-1-5-32-545' -Rights 0x1200A9)) }
        Test-WfpTrustedPath -Path 'C:\ProgramData\WmiFixedPort' | Should -BeTrue
    }

    It 'SetWfpProtectedFolder_WhenAUserCreatedTheFolderFirst_RenamesItAsideAndCreatesAFreshOne' {
        Mock Get-Item { [pscustomobject]@{ Attributes = [System.IO.FileAttributes]::Directory; PSIsContainer = $true } }
        Mock Test-WfpTrustedOwner { $false }
        Mock Move-WfpUntrustedItem { 'C:\ProgramData\WmiFixedPort.untrusted-x' }
        Mock New-WfpProtectedDirectory { }
        Mock Set-Acl { }
        Set-WfpProtectedFolder -Path 'C:\ProgramData\WmiFixedPort'
        Should -Invoke Move-WfpUntrustedItem -Times 1 -Exactly -ParameterFilter { $Path -eq 'C:\ProgramData\WmiFixedPort' }
        Should -Invoke New-WfpProtectedDirectory -Times 1 -Exactly -ParameterFilter { $Path -eq 'C:\ProgramData\WmiFixedPort' }
        Should -Invoke Set-Acl -Times 0 -Exactly
    }

    It 'SetWfpProtectedFolder_WhenThePathIsALink_RenamesTheLinkAsideAndCreatesAFolder' {
        Mock Get-Item { [pscustomobject]@{ Attributes = [System.IO.FileAttributes]'Directory, ReparsePoint'; PSIsContainer = $true } }
        Mock Test-WfpTrustedOwner { $true }
        Mock Move-WfpUntrustedItem { 'x' }
        Mock New-WfpProtectedDirectory { }
        Mock Set-Acl { }
        Set-WfpProtectedFolder -Path 'C:\ProgramData\WmiFixedPort'
        Should -Invoke Move-WfpUntrustedItem -Times 1 -Exactly
        Should -Invoke New-WfpProtectedDirectory -Times 1 -Exactly
    }

    It 'SetWfpProtectedFolder_WhenAnAdministratorOwnsTheFolder_SetsTheAclInPlace' {
        Mock Get-Item { [pscustomobject]@{ Attributes = [System.IO.FileAttributes]::Directory; PSIsContainer = $true } }
        Mock New-WfpProtectedSecurity { 'protected ACL' }   # DirectorySecurity cannot be built off Windows
        Mock Test-WfpTrustedOwner { $true }
        Mock Move-WfpUntrustedItem { 'x' }
        Mock New-WfpProtectedDirectory { }
        Mock Set-Acl { }
        Set-WfpProtectedFolder -Path 'C:\ProgramData\WmiFixedPort'
        Should -Invoke Move-WfpUntrustedItem -Times 0 -Exactly
        Should -Invoke Set-Acl -Times 1 -Exactly -ParameterFilter { $LiteralPath -eq 'C:\ProgramData\WmiFixedPort' -and $AclObject -eq 'protected ACL' }
    }

    It 'SetWfpProtectedFolder_WhenMissing_CreatesItWithItsAclInOneStep' {
        Mock Get-Item { $null }
        Mock New-WfpProtectedDirectory { }
        Mock Set-Acl { }
        Set-WfpProtectedFolder -Path 'C:\ProgramData\WmiFixedPort'
        Should -Invoke New-WfpProtectedDirectory -Times 1 -Exactly
        Should -Invoke Set-Acl -Times 0 -Exactly
    }
}
