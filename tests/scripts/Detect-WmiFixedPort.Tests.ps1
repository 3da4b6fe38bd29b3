# packaging/intune/Detect-WmiFixedPort.ps1 (Intune Win32 app detection; ConfigMgr with -Agent ConfigMgr).
# Mocks stand in for Windows: Windows Installer COM, the registry, NetSecurity and WmiFixedPort.exe are replaced by
# the fakes in TestHelpers/IntuneFakes.ps1 (shapes and sources documented there). What runs for real: the script's
# decisions, its output line and exit code, the process runner (on a fake exe) and the whole script as a process.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers/IntuneFakes.ps1')
    $scriptPath = (Resolve-Path (Join-Path $PSScriptRoot '../../packaging/intune/Detect-WmiFixedPort.ps1')).Path
    . $scriptPath
    $wmiRule = 'WmiFixedPort - WMI (TCP-In)'
    $epmapRule = 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)'
    $healthyLine = "Detected: WmiFixedPort 1.0.0 $FakeProductCode; winmgmt standalone on port 24158; rule '$wmiRule' present; rule '$epmapRule' present; port 24158 listening"
}

Describe 'Invoke-WfpDetection' {
    BeforeEach {
        Mock Get-WfpInstalledProduct { [pscustomobject]@{ ProductCode = $FakeProductCode; Version = '1.0.0' } }
        Mock Get-WfpEnginePath { 'C:\Program Files\WmiFixedPort\WmiFixedPort.exe' }
        Mock Test-WfpFile { $true }
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson) }
        Mock Get-WfpFeatureState { 3 }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '24158' } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '135' } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' }
        Mock Get-WfpRememberedFromRegistry { @{} }
        Mock Get-WfpCommandLineValue { @{} }
        Mock Get-WfpActiveStoreLocalRulesIgnored { @() }
    }

    It 'InvokeWfpDetection_WhenLocalRuleMergeIsOffForTheRulesProfiles_StaysDetectedAndSaysTheRulesAreNotEnforced' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ localRulesIgnored = @('domain', 'private') }) }
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly ($healthyLine + '; firewall rules present but not enforced on domain, private: policy turned local rule merge off (AllowLocalPolicyMerge = 0); deliver the rules through Group Policy or Intune firewall policy (README)')
    }

    It 'InvokeWfpDetection_WhenDependentsWereLeftStopped_NamesThem' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ dependentsDown = @('VendorAgent') }) }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly ($healthyLine + '; dependents of winmgmt not running again: VendorAgent')
    }

    It 'InvokeWfpDetection_WhenInstalledAndStateIsTheProducts_ExitsZeroWithOneLine' {
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly $healthyLine
        Should -Invoke Invoke-WfpStatus -Times 1 -Exactly -ParameterFilter { $ExePath -eq 'C:\Program Files\WmiFixedPort\WmiFixedPort.exe' }
    }

    It 'InvokeWfpDetection_WhenProductMissing_NotDetectedAndStatusNotRun' {
        Mock Get-WfpInstalledProduct { }
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Not detected: WmiFixedPort is not installed'
        Should -Invoke Invoke-WfpStatus -Times 0 -Exactly
    }

    It 'InvokeWfpDetection_WhenOnlyAnOlderVersionIsInstalled_NotDetected' {
        Mock Get-WfpInstalledProduct { [pscustomobject]@{ ProductCode = $FakeProductCode; Version = '1.0.0' } }
        $r = Invoke-WfpDetection -MinimumVersion '1.1.0' -Agent Intune
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Not detected: WmiFixedPort 1.0.0 is installed, 1.1.0 or later is required'
    }

    It 'InvokeWfpDetection_WhenTwoVersionsAreRegistered_ReportsTheHighest' {
        Mock Get-WfpInstalledProduct {
            [pscustomobject]@{ ProductCode = '{AAAAAAAA-2222-3333-4444-555555555555}'; Version = '1.0.0' }
            [pscustomobject]@{ ProductCode = $FakeProductCode; Version = '1.2.0' }
        }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeLike "Detected: WmiFixedPort 1.2.0 $FakeProductCode;*"
    }

    It 'InvokeWfpDetection_WhenWindowsInstallerCannotBeQueried_NotDetectedWithTheError' {
        Mock Get-WfpInstalledProduct { throw 'Class not registered' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly 'Not detected: cannot query Windows Installer: Class not registered'
    }

    It 'InvokeWfpDetection_WhenMinimumVersionIsNotAVersion_NotDetected' {
        $r = Invoke-WfpDetection -MinimumVersion 'latest' -Agent Intune
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeLike 'Not detected: detection failed: *'
    }

    It 'InvokeWfpDetection_WhenEngineIsMissing_NotDetected' {
        Mock Test-WfpFile { $false }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly 'Not detected: C:\Program Files\WmiFixedPort\WmiFixedPort.exe is missing'
    }

    It 'InvokeWfpDetection_WhenStatusFails_NotDetectedWithItsFirstLine' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json '' -ExitCode 1 -ErrorText "ERROR: cannot open the service control manager`r`nmore" }
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Not detected: WmiFixedPort.exe status failed (exit code 1): ERROR: cannot open the service control manager'
    }

    It 'InvokeWfpDetection_WhenStatusPrintsNoJson_NotDetected' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json 'mode: standalone' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly 'Not detected: WmiFixedPort.exe status --json printed no JSON object'
    }

    It 'InvokeWfpDetection_WhenWinmgmtIsBackOnTheSharedHost_NotDetected' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ mode = 'shared'; port = 24158 }) }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly 'Not detected: winmgmt is not on its own service host (mode: shared)'
    }

    It 'InvokeWfpDetection_WhenAnotherPortIsInForce_NotDetected' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ port = 24200; listening = @{ port = 24200; state = 'listening'; note = '' } } -InForce @{ WMIPORT = '24200' }) }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly 'Not detected: the DCOM port in force is 24200, the product set 24158; winmgmt listens on port 24200, not 24158'
    }

    It 'InvokeWfpDetection_WhenNoPortIsInForce_NotDetected' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ mode = 'shared'; port = $null; listening = @{ port = $null; state = 'notApplicable'; note = '' } }) }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly 'Not detected: winmgmt is not on its own service host (mode: shared); the DCOM port in force is none, the product set 24158'
    }

    It 'InvokeWfpDetection_WhenNothingIsRemembered_NotDetected' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -NoSettings) }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeLike 'Not detected: no remembered WMIPORT under HKLM:\SOFTWARE\WmiFixedPort\Settings*'
    }

    It 'InvokeWfpDetection_WhenStatusHasNoSettings_ReadsRememberedValuesFromTheRegistry' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -NoSettings) }
        Mock Get-WfpRememberedFromRegistry { @{ WMIPORT = '24158'; FIREWALL = '1'; OPEN_RPC_EPMAP = '1'; FIREWALL_PROFILE = 'domain,private'; FIREWALL_REMOTE_ADDRESSES = '*' } }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly $healthyLine
    }

    It 'InvokeWfpDetection_WhenTheWmiRuleIsMissing_NotDetected' {
        Mock Get-WfpFirewallRule { $null } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly "Not detected: firewall rule '$wmiRule' is missing"
    }

    It 'InvokeWfpDetection_WhenTheEpmapRuleWasWidenedToPublic_NotDetected' {
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '135' -Profile 'Domain, Private, Public' } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly "Not detected: firewall rule 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' is for profiles domain, private, public, not domain, private (FIREWALL_PROFILE)"
    }

    It 'InvokeWfpDetection_WhenTheWmiRuleIsDisabled_NotDetected' {
        Mock Get-WfpFirewallRule { New-FakeRule -Enabled $false } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly "Not detected: firewall rule '$wmiRule' is disabled"
    }

    It 'InvokeWfpDetection_WhenTheWmiRuleHasAnotherPort_NotDetected' {
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '24200' } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly "Not detected: firewall rule '$wmiRule' allows local port 24200, not 24158"
    }

    It 'InvokeWfpDetection_WhenTheEndpointMapperRuleIsMissing_NotDetected' {
        Mock Get-WfpFirewallRule { $null } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly "Not detected: firewall rule '$epmapRule' is missing"
    }

    It 'InvokeWfpDetection_WhenTheFirewallFeaturesAreAbsent_DoesNotAskForRules' {
        Mock Get-WfpFeatureState { 2 }
        Mock Get-WfpFirewallRule { $null }
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune
        $r.Line | Should -BeExactly "Detected: WmiFixedPort 1.0.0 $FakeProductCode; winmgmt standalone on port 24158; port 24158 listening"
        Should -Invoke Get-WfpFirewallRule -Times 0 -Exactly
        Should -Invoke Get-WfpFeatureState -Times 1 -Exactly -ParameterFilter { $ProductCode -eq $FakeProductCode -and $Feature -eq 'Firewall' }
        Should -Invoke Get-WfpFeatureState -Times 1 -Exactly -ParameterFilter { $ProductCode -eq $FakeProductCode -and $Feature -eq 'FirewallRpcEpmap' }
    }

    It 'InvokeWfpDetection_WhenFeatureStateUnknownAndFirewallRememberedOff_DoesNotAskForRules' {
        Mock Get-WfpFeatureState { -1 }
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Remembered @{ FIREWALL = '0' }) }
        Mock Get-WfpFirewallRule { $null } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        Mock Get-WfpFirewallRule { $null } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).ExitCode | Should -Be 0
        Should -Invoke Get-WfpFirewallRule -Times 0 -Exactly
    }

    It 'InvokeWfpDetection_WhenFeatureStateUnknownAndFirewallRememberedOn_RequiresTheRules' {
        Mock Get-WfpFeatureState { -1 }
        Mock Get-WfpFirewallRule { $null } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        Mock Get-WfpFirewallRule { $null } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly "Not detected: firewall rule '$wmiRule' is missing; firewall rule '$epmapRule' is missing"
    }

    It 'InvokeWfpDetection_WhenNotListeningWithANote_DetectedWithTheNote' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ listening = @{ port = 24158; state = 'notListening'; note = 'DCOM opens the endpoint on first use' } }) }
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeLike '*; port 24158 not listening yet (DCOM opens the endpoint on first use)'
    }

    It 'InvokeWfpDetection_WhenNotListeningWithoutANote_NotDetected' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ listening = @{ port = 24158; state = 'notListening'; note = '' } }) }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly 'Not detected: port 24158 is not listening'
    }

    It 'InvokeWfpDetection_WhenARestartIsPending_DetectedWithANote' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ staged = $true; listening = @{ port = 24158; state = 'unknown'; note = '' } }) }
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly "Detected: WmiFixedPort 1.0.0 $FakeProductCode; winmgmt standalone on port 24158; restart pending: the configuration is written and applies when winmgmt restarts; rule '$wmiRule' present; rule '$epmapRule' present; listening: unknown"
    }

    It 'InvokeWfpDetection_WhenPolicyAsksForAnotherPort_StillDetectedAndNamesTheDrift' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Policy @{ WMIPORT = '24200' }) }
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly "$healthyLine; not yet applied (repair to apply): WMIPORT"
    }

    It 'InvokeWfpDetection_WhenSeveralThingsAreWrong_NamesEveryOne' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ mode = 'shared' }) }
        Mock Get-WfpFirewallRule { $null } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        (Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent Intune).Line | Should -BeExactly "Not detected: winmgmt is not on its own service host (mode: shared); firewall rule '$wmiRule' is missing"
    }

    It 'InvokeWfpDetection_WhenAgentIsConfigMgrAndNotDetected_ExitsZeroAndPrintsNothing' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ mode = 'shared' }) }
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent ConfigMgr
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeNullOrEmpty
    }

    It 'InvokeWfpDetection_WhenAgentIsConfigMgrAndDetected_ExitsZeroWithTheLine' {
        $r = Invoke-WfpDetection -MinimumVersion '1.0.0' -Agent ConfigMgr
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly $healthyLine
    }
}

Describe 'Windows adapters of the shared region' {
    It 'SelectWfpProduct_WhenVersionIsUnreadable_IgnoresThatProduct' {
        $c = Select-WfpProduct -Products @([pscustomobject]@{ ProductCode = $FakeProductCode; Version = '' }) -MinimumVersion '1.0.0'
        $c.Product | Should -BeNullOrEmpty
        $c.Reason | Should -BeExactly 'WmiFixedPort is not installed'
    }

    It 'GetWfpEnginePath_WhenInstallFolderIsRemembered_UsesIt' {
        Mock Get-ItemProperty { [pscustomobject]@{ InstallFolder = 'D:\Tools\WmiFixedPort\' } }
        Get-WfpEnginePath | Should -BeExactly 'D:\Tools\WmiFixedPort\WmiFixedPort.exe'
        Should -Invoke Get-ItemProperty -Times 1 -Exactly -ParameterFilter { $LiteralPath -eq 'HKLM:\SOFTWARE\WmiFixedPort\Settings' -and $Name -eq 'InstallFolder' }
    }

    It 'GetWfpEnginePath_WhenNothingIsRemembered_UsesProgramFiles' {
        Mock Get-ItemProperty { $null }
        $saved = $env:ProgramFiles
        try {
            $env:ProgramFiles = 'C:\Program Files'
            Get-WfpEnginePath | Should -BeExactly 'C:\Program Files\WmiFixedPort\WmiFixedPort.exe'
        } finally { $env:ProgramFiles = $saved }
    }

    It 'GetWfp64BitHost_When64BitProcess_RunsInPlace' {
        $h = Get-Wfp64BitHost -Is64BitProcess $true -Is64BitOperatingSystem $true -WinDir 'C:\Windows'
        $h.Relaunch | Should -BeFalse
        $h.Error | Should -BeNullOrEmpty
    }

    It 'GetWfp64BitHost_When32BitProcessOn64BitWindows_RelaunchesThroughSysnative' {
        $fakeWinDir = Join-Path $TestDrive 'Windows'
        $native = Join-Path $fakeWinDir 'sysnative\WindowsPowerShell\v1.0\powershell.exe'
        New-Item -ItemType File -Force -Path $native | Out-Null
        $h = Get-Wfp64BitHost -Is64BitProcess $false -Is64BitOperatingSystem $true -WinDir $fakeWinDir
        $h.Relaunch | Should -BeTrue
        $h.Path | Should -BeExactly $native
    }

    It 'GetWfp64BitHost_When32BitProcessAndNoSysnative_FailsClearly' {
        $h = Get-Wfp64BitHost -Is64BitProcess $false -Is64BitOperatingSystem $true -WinDir (Join-Path $TestDrive 'NoWindows')
        $h.Relaunch | Should -BeFalse
        $h.Error | Should -BeLike 'running as a 32-bit process and * does not exist'
    }

    It 'GetWfp64BitHost_When32BitWindows_FailsClearly' {
        (Get-Wfp64BitHost -Is64BitProcess $false -Is64BitOperatingSystem $false -WinDir 'C:\Windows').Error | Should -BeExactly 'WmiFixedPort supports 64-bit Windows only'
    }
}

Describe 'Invoke-WfpStatus on a fake WmiFixedPort.exe (a shell script standing in for the exe)' -Skip:($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
    BeforeAll {
        function New-FakeExe([string] $Body) {
            $path = Join-Path $TestDrive ('fake-' + [guid]::NewGuid().ToString('N'))
            [System.IO.File]::WriteAllText($path, "#!/bin/sh`n$Body`n")
            & chmod +x $path
            $path
        }
    }

    It 'InvokeWfpStatus_WhenExeAnswers_ReturnsOutputAndPassesStatusJson' {
        $argsFile = Join-Path $TestDrive 'args.txt'
        $exe = New-FakeExe "echo `"`$@`" > '$argsFile'; echo '{`"mode`":`"standalone`"}'; exit 0"
        $r = Invoke-WfpStatus -ExePath $exe
        $r.ExitCode | Should -Be 0
        (ConvertFrom-WfpStatusOutput -Text $r.Output).mode | Should -BeExactly 'standalone'
        (Get-Content -LiteralPath $argsFile -Raw).Trim() | Should -BeExactly 'status --json'
    }

    It 'InvokeWfpStatus_WhenExeFails_ReturnsItsExitCodeAndStderr' {
        $exe = New-FakeExe "echo 'ERROR: no access' >&2; exit 1"
        $r = Invoke-WfpStatus -ExePath $exe
        $r.ExitCode | Should -Be 1
        $r.Error.Trim() | Should -BeExactly 'ERROR: no access'
    }

    It 'InvokeWfpStatus_WhenExeHangs_GivesUpAfterTheTimeLimit' {
        $exe = New-FakeExe 'sleep 30'
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $r = Invoke-WfpStatus -ExePath $exe -TimeoutSeconds 1
        $r.ExitCode | Should -Be -1
        $r.Error | Should -BeExactly 'no answer within 1 s'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 20
    }

    It 'InvokeWfpStatus_WhenExeDoesNotExist_ReturnsAFailureInsteadOfThrowing' {
        $r = Invoke-WfpStatus -ExePath (Join-Path $TestDrive 'missing.exe')
        $r.ExitCode | Should -Be -1
        $r.Error | Should -Not -BeNullOrEmpty
    }
}

Describe 'The whole script as a process on this non-Windows machine (no Windows Installer here)' -Skip:($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
    BeforeAll {
        # This PowerShell is the dotnet tool: the host process is dotnet, which runs pwsh.dll.
        $hostPath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
        $hostArgs = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { $hostArgs = @(Join-Path $PSHOME 'pwsh.dll') }
        function Invoke-Script([string[]] $Arguments) {
            $out = Join-Path $TestDrive 'out.txt'; $err = Join-Path $TestDrive 'err.txt'
            $p = Start-Process -FilePath $hostPath -ArgumentList ($hostArgs + @('-NoProfile', '-NonInteractive', '-File', $scriptPath) + $Arguments) -Wait -PassThru -RedirectStandardOutput $out -RedirectStandardError $err
            [pscustomobject]@{ ExitCode = $p.ExitCode; Out = @(Get-Content -LiteralPath $out); Err = (Get-Content -LiteralPath $err -Raw) }
        }
    }

    It 'Script_WhenWindowsInstallerIsUnavailable_PrintsOneNotDetectedLineAndExitsOne' {
        $r = Invoke-Script @()
        $r.ExitCode | Should -Be 1
        $r.Out.Count | Should -Be 1
        $r.Out[0] | Should -BeLike 'Not detected: cannot query Windows Installer: *'
        $r.Err | Should -BeNullOrEmpty
    }

    It 'Script_WhenAgentIsConfigMgrAndNotDetected_PrintsNothingAndExitsZero' {
        $r = Invoke-Script @('-Agent', 'ConfigMgr')
        $r.ExitCode | Should -Be 0
        $r.Out.Count | Should -Be 0
        $r.Err | Should -BeNullOrEmpty
    }
}
