# packaging/intune/Remediate-WmiFixedPort.ps1 (Intune Remediations, remediation half).
# Mocks stand in for Windows: msiexec and Windows Installer COM are replaced (TestHelpers/IntuneFakes.ps1). The
# msiexec exit codes are Windows Installer's (learn.microsoft.com/windows/win32/msi/error-codes): 0 success,
# 3010 ERROR_SUCCESS_REBOOT_REQUIRED, 1641 ERROR_SUCCESS_REBOOT_INITIATED, 1618 ERROR_INSTALL_ALREADY_RUNNING,
# 1603 ERROR_INSTALL_FAILURE, 1612 ERROR_INSTALL_SOURCE_ABSENT.
# REINSTALLMODE letters (learn.microsoft.com/windows/win32/msi/reinstallmode): v run from the source package and
# re-cache it, a reinstall all files, o only missing or older files, m/u machine/user registry, s shortcuts.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers/IntuneFakes.ps1')
    . (Join-Path $PSScriptRoot '../../packaging/intune/Remediate-WmiFixedPort.ps1')
    $logFolder = Join-Path ([System.IO.Path]::GetTempPath()) ('wfp-logs-' + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $logFolder | Out-Null
    $sourceRoot = 'C:\ProgramData\WmiFixedPort\Source'
    $kept = "C:\ProgramData\WmiFixedPort\Source\$FakeProductCode\WmiFixedPort.msi"
}

AfterAll { Remove-Item -Recurse -Force -LiteralPath $logFolder -ErrorAction SilentlyContinue }

Describe 'Get-WfpRepairArgument' {
    It 'GetWfpRepairArgument_WhenAKeptCopyExists_ReinstallsEverythingFromIt' {
        Get-WfpRepairArgument -ProductCode $FakeProductCode -KeptPackage $kept -Properties @() -LogPath 'C:\L\r.log' |
            Should -Be @('/i', "`"$kept`"", 'REINSTALL=ALL', 'REINSTALLMODE=vamus', '/qn', '/norestart', '/l*v', '"C:\L\r.log"')
    }

    It 'GetWfpRepairArgument_WhenNoKeptCopy_RepairsByProductCodeWithoutForcingFiles' {
        Get-WfpRepairArgument -ProductCode $FakeProductCode -KeptPackage $null -Properties @('WMIPORT="24200"') -LogPath 'C:\L\r.log' |
            Should -Be @('/i', $FakeProductCode, 'REINSTALL=ALL', 'REINSTALLMODE=omus', 'WMIPORT="24200"', '/qn', '/norestart', '/l*v', '"C:\L\r.log"')
    }

    It 'GetWfpRepairArgument_WhenNotAProductCode_Throws' {
        { Get-WfpRepairArgument -ProductCode '{1} /x' -LogPath 'x.log' } | Should -Throw "'{1} /x' is not a product code"
    }
}

Describe 'Invoke-WfpRemediation' {
    BeforeEach {
        Mock Get-WfpInstalledProduct { [pscustomobject]@{ ProductCode = $FakeProductCode; Version = '1.0.0' } }
        # The re-check finds something a repair changes (someone's winmgmt /sharedhost): the repair runs.
        Mock Invoke-WfpStateCheck { New-FakeCheck -Problems @('winmgmt is not on its own service host (mode: shared)') }
        Mock Get-WfpKeptPackage { $kept }
        Mock Get-WfpCommandLineValue { @{} }
        Mock Invoke-WfpMsiexec { 0 }
    }

    It 'InvokeWfpRemediation_WhenMsiexecSucceeds_ExitsZeroAndRanTheRepairFromTheKeptCopy' {
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 0
        $r.Line | Should -Match ('^Repaired: WmiFixedPort 1\.0\.0 ' + [regex]::Escape($FakeProductCode) + ' \(kept copy\); log: .*WmiFixedPort-repair-\d{8}-\d{6}-[a-z0-9]{8}\.log$')
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter {
            ($ArgumentList[0..6] -join ' ') -eq "/i `"$kept`" REINSTALL=ALL REINSTALLMODE=vamus /qn /norestart /l*v" -and
            $ArgumentList[7] -match 'WmiFixedPort-repair-\d{8}-\d{6}-[a-z0-9]{8}\.log"$' -and $ArgumentList.Count -eq 8
        }
        Should -Invoke Get-WfpKeptPackage -Times 1 -Exactly -ParameterFilter { $ProductCode -eq $FakeProductCode -and $SourceRoot -eq $sourceRoot }
    }

    It 'InvokeWfpRemediation_WhenInstallCmdWasGivenValues_PassesThemAgainSoTheyKeepWinningOverPolicy' {
        Mock Get-WfpCommandLineValue { @{ FIREWALL_PROFILE = 'domain'; WMIPORT = '24200' } }
        Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot | Out-Null
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter {
            ($ArgumentList[4..5] -join ' ') -eq 'WMIPORT="24200" FIREWALL_PROFILE="domain"' -and $ArgumentList[6] -eq '/qn'
        }
    }

    It 'InvokeWfpRemediation_WhenNoCopyWasKept_RepairsByProductCodeAndSaysFilesCannotBeRestored' {
        Mock Get-WfpKeptPackage { $null }
        Mock Invoke-WfpMsiexec { 1612 }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeLike "Not repaired: msiexec exit code 1612: WmiFixedPort 1.0.0 $FakeProductCode (no kept copy: missing files cannot be restored, run install.cmd once); log: *"
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter { ($ArgumentList[0..3] -join ' ') -eq "/i $FakeProductCode REINSTALL=ALL REINSTALLMODE=omus" }
    }

    It 'InvokeWfpRemediation_WhenMsiexecReturns<Code>_Exits<Exit>' -ForEach @(
        @{ Code = 3010; Exit = 0; Start = 'Repaired, restart required (msiexec 3010): ' }
        @{ Code = 1641; Exit = 0; Start = 'Repaired, restart started (msiexec 1641): ' }
        @{ Code = 1618; Exit = 1; Start = 'Not repaired: another installation is in progress (msiexec 1618), Intune retries at its next run: ' }
        @{ Code = 1603; Exit = 1; Start = 'Not repaired: msiexec exit code 1603: ' }
        @{ Code = 1605; Exit = 1; Start = 'Not repaired: msiexec exit code 1605: ' }
    ) {
        Mock Invoke-WfpMsiexec { $Code }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be $Exit
        $r.Line.StartsWith($Start + "WmiFixedPort 1.0.0 $FakeProductCode (kept copy); log: ") | Should -BeTrue -Because $r.Line
    }

    It 'InvokeWfpRemediation_WhenProductIsNotInstalled_ExitsOneWithoutRunningMsiexec' {
        Mock Get-WfpInstalledProduct { }
        Mock Invoke-WfpStateCheck { New-FakeCheck -NotInstalled 'WmiFixedPort is not installed' }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Not repaired: WmiFixedPort is not installed'
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpRemediation_WhenMsiexecCannotStart_ExitsOneWithTheError' {
        Mock Invoke-WfpMsiexec { throw 'This command cannot be run because the file was not found' }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Not repaired: This command cannot be run because the file was not found'
    }

    It 'InvokeWfpRemediation_WhenWindowsInstallerCannotBeQueried_ExitsOne' {
        Mock Invoke-WfpStateCheck { throw 'Class not registered' }
        (Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot).Line | Should -BeExactly 'Not repaired: Class not registered'
    }
}

Describe 'Invoke-WfpRemediation, re-check first (review 17, point 3)' {
    BeforeEach {
        Mock Get-WfpKeptPackage { $kept }
        Mock Get-WfpCommandLineValue { @{} }
        Mock Invoke-WfpMsiexec { 0 }
        Mock Start-WfpService { $null }
    }

    It 'InvokeWfpRemediation_WhenOnlyRulesAreNotEnforced_ExitsOneWithoutRunningMsiexec' {
        Mock Invoke-WfpStateCheck { New-FakeCheck -RulesNotEnforced @('domain') }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly "Not repaired (no reinstall: a repair cannot change this): WmiFixedPort 1.0.0 $FakeProductCode; firewall rules present but not enforced on domain: policy turned local rule merge off (AllowLocalPolicyMerge = 0); deliver the rules through Group Policy or Intune firewall policy (README)"
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpRemediation_WhenOnlyDependentsWereLeftStopped_StartsThemWithoutReinstalling' {
        Mock Invoke-WfpStateCheck { New-FakeCheck -DependentsDown @('VendorAgent', 'NcaSvc') }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly "Repaired without reinstall: WmiFixedPort 1.0.0 $FakeProductCode; started dependents of winmgmt: VendorAgent, NcaSvc"
        Should -Invoke Start-WfpService -Times 1 -Exactly -ParameterFilter { $Name -eq 'VendorAgent' }
        Should -Invoke Start-WfpService -Times 1 -Exactly -ParameterFilter { $Name -eq 'NcaSvc' }
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpRemediation_WhenADependentWillNotStart_ExitsOneNamingItWithoutReinstalling' {
        Mock Invoke-WfpStateCheck { New-FakeCheck -DependentsDown @('VendorAgent', 'NcaSvc') }
        Mock Start-WfpService { 'the service is disabled' } -ParameterFilter { $Name -eq 'VendorAgent' }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly "Not repaired (no reinstall: a repair cannot change this): WmiFixedPort 1.0.0 $FakeProductCode; started dependents of winmgmt: NcaSvc; dependents of winmgmt still not running: VendorAgent (the service is disabled)"
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpRemediation_WhenTheReCheckFindsNothing_ExitsZeroWithoutRunningMsiexec' {
        Mock Invoke-WfpStateCheck { New-FakeCheck }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly "Nothing to repair: WmiFixedPort 1.0.0 $FakeProductCode is in force and in line with policy"
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpRemediation_WhenDriftAndStoppedDependents_Reinstalls' {
        Mock Invoke-WfpStateCheck { New-FakeCheck -Drift @('WMIPORT') -DependentsDown @('VendorAgent') }
        (Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot).ExitCode | Should -Be 0
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly
    }

    It 'InvokeWfpRemediation_WhenARememberedCommandLineValueIsNotAllowed_ExitsOneWithoutRunningMsiexec' {
        # Defence in depth: HKLM\SOFTWARE\WmiFixedPort\DeploymentKit\CommandLine edited by hand.
        Mock Invoke-WfpStateCheck { New-FakeCheck -Problems @('winmgmt is not on its own service host (mode: shared)') }
        Mock Get-WfpCommandLineValue { @{ FIREWALL = 'yes'; WMIPORT = '24200' } }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeLike "Not repaired: value 'yes' of FIREWALL is not allowed: *"
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpRemediation_WhenTheRememberedProfileIsInAnotherOrder_PassesTheCanonicalForm' {
        Mock Invoke-WfpStateCheck { New-FakeCheck -Drift @('FIREWALL_PROFILE') }
        Mock Get-WfpCommandLineValue { @{ FIREWALL_PROFILE = 'private,domain' } }
        Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder -SourceRoot $sourceRoot | Out-Null
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter { $ArgumentList -contains 'FIREWALL_PROFILE="domain,private"' }
    }
}
