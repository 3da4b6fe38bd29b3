# packaging/intune/Detect-WmiFixedPortDrift.ps1 (Intune Remediations, detection half).
# Mocks stand in for Windows (see TestHelpers/IntuneFakes.ps1 for the shapes and their sources).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers/IntuneFakes.ps1')
    . (Join-Path $PSScriptRoot '../../packaging/intune/Detect-WmiFixedPortDrift.ps1')
}

Describe 'Invoke-WfpDriftDetection' {
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

    It 'InvokeWfpDriftDetection_WhenStateIsTheProductsAndNoDrift_ExitsZeroCompliant' {
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly "Compliant: WmiFixedPort 1.0.0, winmgmt standalone on port 24158; rule 'WmiFixedPort - WMI (TCP-In)' present; rule 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' present; port 24158 listening"
    }

    It 'InvokeWfpDriftDetection_WhenProductIsNotInstalled_ExitsZeroNothingToRemediate' {
        Mock Get-WfpInstalledProduct { }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 0
        $r.Line | Should -BeExactly 'Nothing to remediate: WmiFixedPort is not installed'
    }

    It 'InvokeWfpDriftDetection_WhenPolicyAsksForAnotherPort_ExitsOneNamingTheProperty' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Policy @{ WMIPORT = '24200'; FIREWALL_PROFILE = 'domain' }) }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Drift: drift in WMIPORT, FIREWALL_PROFILE (policy or value in force differs from the remembered value)'
    }

    It 'InvokeWfpDriftDetection_WhenPolicyEqualsRememberedValue_NoDrift' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Policy @{ WMIPORT = '24158' }) }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').ExitCode | Should -Be 0
    }

    It 'InvokeWfpDriftDetection_WhenSomeoneRanSharedhost_ExitsOne' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ mode = 'shared' }) }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Drift: winmgmt is not on its own service host (mode: shared)'
    }

    It 'InvokeWfpDriftDetection_WhenPortInForceDiffers_ExitsOneWithProblemAndDrift' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ port = 24200; listening = @{ port = 24200; state = 'listening'; note = '' } } -InForce @{ WMIPORT = '24200' }) }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').Line | Should -BeExactly 'Drift: the DCOM port in force is 24200, the product set 24158; winmgmt listens on port 24200, not 24158; drift in WMIPORT (policy or value in force differs from the remembered value)'
    }

    It 'InvokeWfpDriftDetection_WhenStatusSaysDriftWithoutNames_StillExitsOne' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -NoSettings -Top @{ drift = $true }) }
        Mock Get-WfpRememberedFromRegistry { @{ WMIPORT = '24158'; FIREWALL = '1'; OPEN_RPC_EPMAP = '1'; FIREWALL_PROFILE = 'domain,private'; FIREWALL_REMOTE_ADDRESSES = '*' } }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').Line | Should -BeExactly 'Drift: drift in (unnamed) (policy or value in force differs from the remembered value)'
    }

    It 'InvokeWfpDriftDetection_WhenStatusFails_ExitsOne' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json '' -ExitCode 1 -ErrorText 'ERROR: access denied' }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Drift: WmiFixedPort.exe status failed (exit code 1): ERROR: access denied'
    }

    It 'InvokeWfpDriftDetection_WhenTheWmiRuleIsMissing_ExitsOne' {
        Mock Get-WfpFirewallRule { $null } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').Line | Should -BeExactly "Drift: firewall rule 'WmiFixedPort - WMI (TCP-In)' is missing"
    }

    It 'InvokeWfpDriftDetection_WhenMinimumVersionIsNotAVersion_ExitsOne' {
        $r = Invoke-WfpDriftDetection -MinimumVersion 'x'
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeLike 'Drift check failed: *'
    }

    It 'InvokeWfpDriftDetection_WhenInstallCmdGaveTheValueThatPolicyContradicts_NoDriftAndSaysWhoWins' {
        # install.cmd FIREWALL_PROFILE=domain, then a policy asks for domain,private: the command line wins (README).
        Mock Get-WfpCommandLineValue { @{ FIREWALL_PROFILE = 'domain' } }
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Remembered @{ FIREWALL_PROFILE = 'domain' } -Policy @{ FIREWALL_PROFILE = 'domain,private' }) }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '24158' -Profile 'Domain' } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '135' -Profile 'Domain' } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 0
        $r.Line | Should -Match "FIREWALL_PROFILE from install\.cmd's command line \(domain\) wins over policy \(domain,private\)"
    }

    It 'InvokeWfpDriftDetection_WhenTheRememberedValueIsNotTheCommandLines_Drift' {
        # A repair without the command-line value applied policy: the command line's value must come back.
        Mock Get-WfpCommandLineValue { @{ FIREWALL_PROFILE = 'domain' } }
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Remembered @{ FIREWALL_PROFILE = 'domain,private' } -Policy @{ FIREWALL_PROFILE = 'domain,private' }) }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Drift: drift in FIREWALL_PROFILE (policy or value in force differs from the remembered value)'
    }

    It 'InvokeWfpDriftDetection_WhenPolicyTurnedLocalRuleMergeOffOnARulesProfile_ExitsOneNamingIt' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ localRulesIgnored = @('public', 'domain') }) }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Drift: firewall rules present but not enforced on domain: policy turned local rule merge off (AllowLocalPolicyMerge = 0); deliver the rules through Group Policy or Intune firewall policy (README)'
    }

    It 'InvokeWfpDriftDetection_WhenOnlyTheFirewallsActiveStoreSaysLocalRulesAreIgnored_ExitsOne' {
        Mock Get-WfpActiveStoreLocalRulesIgnored { @('private') }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').Line | Should -BeLike 'Drift: firewall rules present but not enforced on private: *'
    }

    It 'InvokeWfpDriftDetection_WhenLocalRulesAreIgnoredOnlyOnAProfileTheRulesAreNotFor_Compliant' {
        Mock Invoke-WfpStatus { New-FakeStatusJson -Top @{ localRulesIgnored = @('public') } | ForEach-Object { New-FakeStatusRun -Json $_ } }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').ExitCode | Should -Be 0
    }

    It 'InvokeWfpDriftDetection_WhenDependentsOfWinmgmtWereLeftStopped_ExitsOneNamingThem' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ dependentsDown = @('VendorAgent', 'NcaSvc') }) }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly 'Drift: dependents of winmgmt not running again: VendorAgent, NcaSvc'
    }

    It 'InvokeWfpDriftDetection_WhenStatusReportsEmptyLists_Compliant' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Top @{ dependentsDown = @(); localRulesIgnored = @() }) }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').ExitCode | Should -Be 0
    }

    It 'InvokeWfpDriftDetection_WhenARuleWasWidenedTo<Case>_ExitsOneNamingTheRuleAndTheProfiles' -ForEach @(
        @{ Case = 'Public'; Profile = 'Domain, Private, Public' }
        @{ Case = 'AnyProfile'; Profile = 'Any' }
    ) {
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '24158' -Profile $Profile } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly "Drift: firewall rule 'WmiFixedPort - WMI (TCP-In)' is for profiles domain, private, public, not domain, private (FIREWALL_PROFILE)"
    }

    It 'InvokeWfpDriftDetection_WhenARuleWasWidenedToAnyRemoteAddress_ExitsOneNamingIt' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Remembered @{ FIREWALL_REMOTE_ADDRESSES = '10.0.0.0/8,LocalSubnet' }) }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '135' -RemoteAddress @('10.0.0.0/255.0.0.0', 'LocalSubnet') } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '24158' -RemoteAddress @('Any') } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 1
        $r.Line | Should -BeExactly "Drift: firewall rule 'WmiFixedPort - WMI (TCP-In)' allows remote addresses *, not 10.0.0.0/8,LocalSubnet (FIREWALL_REMOTE_ADDRESSES)"
    }

    It 'InvokeWfpDriftDetection_WhenTheFirewallReportsTheRemembered<Case>InItsOwnForm_Compliant' -ForEach @(
        @{ Case = 'Prefix'; Remembered = '10.0.0.0/8,192.168.1.20'; Reported = @('192.168.1.20', '10.0.0.0/255.0.0.0') }
        @{ Case = 'KeywordCase'; Remembered = 'localsubnet'; Reported = @('LocalSubnet') }
        @{ Case = 'Ipv6'; Remembered = 'FD00:0:0:0:0:0:0:1,fd00::/8'; Reported = @('fd00::1', 'fd00::/8') }
        @{ Case = 'HostMask'; Remembered = '10.1.2.3'; Reported = @('10.1.2.3/255.255.255.255') }
    ) {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Remembered @{ FIREWALL_REMOTE_ADDRESSES = $Remembered }) }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '24158' -RemoteAddress $Reported } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '135' -RemoteAddress $Reported } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' }
        $r = Invoke-WfpDriftDetection -MinimumVersion '1.0.0'
        $r.ExitCode | Should -Be 0 -Because $r.Line
    }

    It 'InvokeWfpDriftDetection_WhenTheRememberedProfileIsAll_ARuleForAnyProfileIsCompliant' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -Remembered @{ FIREWALL_PROFILE = 'all' }) }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '24158' -Profile 'Any' } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '135' -Profile 'Domain, Private, Public' } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)' }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').ExitCode | Should -Be 0
    }

    It 'InvokeWfpDriftDetection_WhenNoProfileIsRemembered_TheMsisDefaultDomainPrivateIsExpected' {
        Mock Invoke-WfpStatus { New-FakeStatusRun -Json (New-FakeStatusJson -NoSettings) }
        Mock Get-WfpRememberedFromRegistry { @{ WMIPORT = '24158'; FIREWALL = '1'; OPEN_RPC_EPMAP = '1' } }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').ExitCode | Should -Be 0
        Mock Get-WfpFirewallRule { New-FakeRule -LocalPort '24158' -Profile 'Any' } -ParameterFilter { $DisplayName -eq 'WmiFixedPort - WMI (TCP-In)' }
        (Invoke-WfpDriftDetection -MinimumVersion '1.0.0').Line | Should -BeExactly "Drift: firewall rule 'WmiFixedPort - WMI (TCP-In)' is for profiles domain, private, public, not domain, private (FIREWALL_PROFILE)"
    }
}
