# packaging/intune/Remediate-WmiFixedPort.ps1 (Intune Remediations, remediation half).
# Mocks stand in for Windows: msiexec and Windows Installer COM are replaced (TestHelpers/IntuneFakes.ps1). The
# msiexec exit codes are Windows Installer's (learn.microsoft.com/windows/win32/msi/error-codes): 0 success,
# 3010 ERROR_SUCCESS_REBOOT_REQUIRED, 1641 ERROR_SUCCESS_REBOOT_INITIATED, 1618 ERROR_INSTALL_ALREADY_RUNNING,
# 1603 ERROR_INSTALL_FAILURE.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers/IntuneFakes.ps1')
    . (Join-Path $PSScriptRoot '../../packaging/intune/Remediate-WmiFixedPort.ps1')
    $logFolder = 'C:\Windows\Temp'
}

Describe 'Get-WfpRepairArgument' {
    It 'GetWfpRepairArgument_WhenProductCode_ReturnsTheRepairCommandLine' {
        Get-WfpRepairArgument -ProductCode $FakeProductCode -LogPath 'C:\Windows\Temp\r.log' |
            Should -Be @('/i', $FakeProductCode, 'REINSTALL=ALL', 'REINSTALLMODE=omus', '/qn', '/norestart', '/l*v', '"C:\Windows\Temp\r.log"')
    }

    It 'GetWfpRepairArgument_WhenNotAProductCode_Throws' {
        { Get-WfpRepairArgument -ProductCode '{1} /x' -LogPath 'x.log' } | Should -Throw "'{1} /x' is not a product code"
    }
}

Describe 'Invoke-WfpRemediation' {
    BeforeEach {
        Mock Get-WfpInstalledProduct { [pscustomobject]@{ ProductCode = $FakeProductCode; Version = '1.0.0' } }
        Mock Invoke-WfpMsiexec { 0 }
    }

    It 'InvokeWfpRemediation_WhenMsiexecSucceeds_ExitsZeroAndRanTheRepair' {
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder
        $r.ExitCode | Should -Be 0
        $r.Line | Should -Match ('^Repaired: WmiFixedPort 1\.0\.0 ' + [regex]::Escape($FakeProductCode) + '; log: C:\\Windows\\Temp[\\/]WmiFixedPort-repair-\d{8}-\d{6}\.log$')
        Should -Invoke Invoke-WfpMsiexec -Times 1 -Exactly -ParameterFilter {
            ($ArgumentList[0..6] -join ' ') -eq "/i $FakeProductCode REINSTALL=ALL REINSTALLMODE=omus /qn /norestart /l*v" -and
            $ArgumentList[7] -match '^"C:\\Windows\\Temp[\\/]WmiFixedPort-repair-\d{8}-\d{6}\.log"$' -and $ArgumentList.Count -eq 8
        }
    }

    It 'InvokeWfpRemediation_WhenMsiexecReturns<Code>_Exits<Exit>' -ForEach @(
        @{ Code = 3010; Exit = 0; Start = 'Repaired, restart required (msiexec 3010): ' }
        @{ Code = 1641; Exit = 0; Start = 'Repaired, restart started (msiexec 1641): ' }
        @{ Code = 1618; Exit = 1; Start = 'Not repaired: another installation is in progress (msiexec 1618), Intune retries at its next run: ' }
        @{ Code = 1603; Exit = 1; Start = 'Not repaired: msiexec exit code 1603: ' }
        @{ Code = 1605; Exit = 1; Start = 'Not repaired: msiexec exit code 1605: ' }
    ) {
        Mock Invoke-WfpMsiexec { $Code }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder
        $r.ExitCode | Should -Be $Exit
        $r.Line.StartsWith($Start + "WmiFixedPort 1.0.0 $FakeProductCode; log: ") | Should -BeTrue -Because $r.Line
    }

    It 'InvokeWfpRemediation_WhenProductIsNotInstalled_ExitsOneWithoutRunningMsiexec' {
        Mock Get-WfpInstalledProduct { }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Not repaired: WmiFixedPort is not installed'
        Should -Invoke Invoke-WfpMsiexec -Times 0 -Exactly
    }

    It 'InvokeWfpRemediation_WhenMsiexecCannotStart_ExitsOneWithTheError' {
        Mock Invoke-WfpMsiexec { throw 'This command cannot be run because the file was not found' }
        $r = Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Not repaired: This command cannot be run because the file was not found'
    }

    It 'InvokeWfpRemediation_WhenWindowsInstallerCannotBeQueried_ExitsOne' {
        Mock Get-WfpInstalledProduct { throw 'Class not registered' }
        (Invoke-WfpRemediation -MinimumVersion '1.0.0' -LogFolder $logFolder).Line | Should -BeExactly 'Not repaired: Class not registered'
    }
}
