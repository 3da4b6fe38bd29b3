# The kit's Windows adapters against the real Windows pieces (registry, ACLs, firewall rules, Windows Installer COM,
# msiexec), under Windows PowerShell 5.1 in the Windows lane (tests/scripts/windows/Invoke-KitPester.ps1 sets
# WMIFIXEDPORT_KIT_REAL=1 on an elevated runner). Everywhere else each test is skipped, with the reason in its name.
# Every test cleans up what it creates (a test key under HKLM\SOFTWARE\WmiFixedPortKitTest, a test firewall rule, a
# temporary folder).

BeforeDiscovery {
    $onWindows = [System.Environment]::OSVersion.Platform -eq 'Win32NT'
    $elevated = $false
    if ($onWindows) {
        $elevated = (New-Object System.Security.Principal.WindowsPrincipal([System.Security.Principal.WindowsIdentity]::GetCurrent())).IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
    }
    $skipReal = -not ($onWindows -and $elevated -and $env:WMIFIXEDPORT_KIT_REAL -eq '1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../../packaging/intune/Install-WmiFixedPort.ps1')
    $testRoot = Join-Path ([System.IO.Path]::GetTempPath()) ('wfp-real-' + [guid]::NewGuid().ToString('N'))
}

AfterAll { if (Test-Path -LiteralPath $testRoot) { Remove-Item -Recurse -Force -LiteralPath $testRoot } }

Describe 'Windows adapters, real (Windows lane only: elevated, WMIFIXEDPORT_KIT_REAL=1)' {
    It 'SetWfpProtectedFolder_WhenTheFolderInheritsUsersWrite_LeavesOnlySystemAndAdministrators' -Skip:$skipReal {
        $folder = Join-Path $testRoot 'protected'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $acl = Get-Acl -LiteralPath $folder
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule((New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-545')), 'Modify', 'ContainerInherit, ObjectInherit', 'None', 'Allow')))
        Set-Acl -LiteralPath $folder -AclObject $acl
        Set-WfpProtectedFolder -Path $folder
        $after = Get-Acl -LiteralPath $folder
        $after.AreAccessRulesProtected | Should -BeTrue
        (New-Object System.Security.Principal.NTAccount($after.Owner)).Translate([System.Security.Principal.SecurityIdentifier]).Value | Should -Be 'S-1-5-32-544'
        @($after.Access | ForEach-Object { $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value } | Sort-Object -Unique) | Should -Be @('S-1-5-18', 'S-1-5-32-544')
    }

    It 'TestWfpTrustedPath_WhenUsersMayWrite_IsFalseUntilTheFolderIsProtected' -Skip:$skipReal {
        $folder = Join-Path $testRoot 'trust'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $acl = Get-Acl -LiteralPath $folder
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule((New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-545')), 'Write', 'None', 'None', 'Allow')))
        Set-Acl -LiteralPath $folder -AclObject $acl
        Test-WfpTrustedPath -Path $folder | Should -BeFalse
        Set-WfpProtectedFolder -Path $folder
        Test-WfpTrustedPath -Path $folder | Should -BeTrue
    }

    It 'SetWfpProtectedFolder_WhenThePathIsAJunction_RenamesTheJunctionAsideAndCreatesAProtectedFolder' -Skip:$skipReal {
        $target = Join-Path $testRoot 'target'; $link = Join-Path $testRoot 'link'
        New-Item -ItemType Directory -Force -Path $target | Out-Null
        New-Item -ItemType Junction -Path $link -Value $target | Out-Null
        Set-WfpProtectedFolder -Path $link
        $aside = @(Get-ChildItem -LiteralPath $testRoot -Force | Where-Object { $_.Name -like 'link.untrusted-*' })
        try {
            $aside.Count | Should -Be 1
            ($aside[0].Attributes -band [System.IO.FileAttributes]::ReparsePoint) | Should -Not -Be 0
            ((Get-Item -LiteralPath $link -Force).Attributes -band [System.IO.FileAttributes]::ReparsePoint) | Should -Be 0
            Test-WfpTrustedPath -Path $link | Should -BeTrue
            (Get-Acl -LiteralPath $target).AreAccessRulesProtected | Should -BeFalse   # the junction's target was not touched
        } finally { foreach ($a in $aside) { [System.IO.Directory]::Delete($a.FullName) } }
    }

    It 'SetWfpProtectedFolder_WhenAnotherAccountOwnsTheFolder_RenamesItAsideAndCreatesOneOwnedByAdministrators' -Skip:$skipReal {
        # The runner's own account stands in for the user who created the folder first (an account may make itself
        # the owner; any other SID needs SeRestorePrivilege). Not meaningful when the lane runs as SYSTEM.
        $me = [System.Security.Principal.WindowsIdentity]::GetCurrent().User
        if ($me.Value -eq 'S-1-5-18') { Set-ItResult -Skipped -Because 'the lane runs as SYSTEM, a trusted owner'; return }
        $folder = Join-Path $testRoot 'precreated'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        Set-Content -LiteralPath (Join-Path $folder 'planted.msi') -Value x
        $acl = Get-Acl -LiteralPath $folder
        $acl.SetOwner($me)
        Set-Acl -LiteralPath $folder -AclObject $acl
        Set-WfpProtectedFolder -Path $folder
        $aside = @(Get-ChildItem -LiteralPath $testRoot -Force | Where-Object { $_.Name -like 'precreated.untrusted-*' })
        $aside.Count | Should -Be 1
        Test-Path -LiteralPath (Join-Path $aside[0].FullName 'planted.msi') | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $folder 'planted.msi') | Should -BeFalse
        (Get-Acl -LiteralPath $folder).GetOwner([System.Security.Principal.SecurityIdentifier]).Value | Should -Be 'S-1-5-32-544'
        Test-WfpTrustedPath -Path $folder | Should -BeTrue
    }

    It 'TestWfpTrustedPath_WhenUsersHoldGenericWriteForWhatTheFolderWillContain_IsFalse' -Skip:$skipReal {
        # An inherit-only ACE keeps its generic right unmapped (the system maps generic rights only in effective ACEs).
        $folder = Join-Path $testRoot 'generic'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        Set-WfpProtectedFolder -Path $folder
        $acl = Get-Acl -LiteralPath $folder
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule((New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-545')), [System.Security.AccessControl.FileSystemRights]0x40000000, 'ContainerInherit, ObjectInherit', 'InheritOnly', 'Allow')))
        Set-Acl -LiteralPath $folder -AclObject $acl
        Test-WfpTrustedPath -Path $folder | Should -BeFalse
    }

    It 'CopyWfpPackageToSource_WhenCalled_CopiesIntoAProtectedProductFolderAndTheCopyInheritsOnlySystemAndAdministrators' -Skip:$skipReal {
        $script:WfpKeptPackageKey = 'HKLM:\SOFTWARE\WmiFixedPortKitTest\KeptPackage'
        $package = Join-Path $testRoot 'WmiFixedPort.msi'
        New-Item -ItemType Directory -Force -Path $testRoot | Out-Null
        [System.IO.File]::WriteAllBytes($package, [byte[]](1..200))
        $sourceRoot = Join-Path $testRoot 'ProgramData\WmiFixedPort\Source'
        New-Item -ItemType Directory -Force -Path (Join-Path $testRoot 'ProgramData') | Out-Null
        $code = '{11111111-2222-3333-4444-555555555555}'
        $copy = Copy-WfpPackageToSource -Package $package -ProductCode $code -SourceRoot $sourceRoot
        $copy | Should -Be (Join-Path (Join-Path $sourceRoot $code) 'WmiFixedPort.msi')
        (Get-FileHash -LiteralPath $copy).Hash | Should -Be (Get-FileHash -LiteralPath $package).Hash
        $fileAcl = Get-Acl -LiteralPath $copy
        $fileAcl.AreAccessRulesProtected | Should -BeTrue
        @($fileAcl.Access | ForEach-Object { $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value } | Sort-Object -Unique) | Should -Be @('S-1-5-18', 'S-1-5-32-544')
        Test-WfpTrustedPath -Path $copy | Should -BeTrue
        Get-WfpKeptPackage -ProductCode $code -SourceRoot $sourceRoot | Should -Be $copy
        Mock Get-WfpProductState { -1 }
        Remove-WfpUnusedSource -SourceRoot $sourceRoot -Keep ''
        Test-Path -LiteralPath (Split-Path -Parent $sourceRoot) | Should -BeFalse
        Remove-Item -Recurse -Force -LiteralPath 'HKLM:\SOFTWARE\WmiFixedPortKitTest' -ErrorAction SilentlyContinue
    }

    It 'KeptPackageHash_WhenTheCopyChangesAfterInstall_TheCopyIsNotUsedAndUninstallRemovesTheRecord' -Skip:$skipReal {
        $script:WfpKeptPackageKey = 'HKLM:\SOFTWARE\WmiFixedPortKitTest\KeptPackage'
        try {
            $package = Join-Path $testRoot 'hash\WmiFixedPort.msi'
            New-Item -ItemType Directory -Force -Path (Split-Path -Parent $package) | Out-Null
            [System.IO.File]::WriteAllBytes($package, [byte[]](1..200))
            $sourceRoot = Join-Path $testRoot 'hash\ProgramData\WmiFixedPort\Source'
            $code = '{11111111-2222-3333-4444-555555555556}'
            $copy = Copy-WfpPackageToSource -Package $package -ProductCode $code -SourceRoot $sourceRoot
            (Get-ItemProperty -LiteralPath $WfpKeptPackageKey -Name $code).$code | Should -Be (Get-FileHash -LiteralPath $package -Algorithm SHA256).Hash
            (Get-Item -LiteralPath $WfpKeptPackageKey).GetValueKind($code) | Should -Be 'String'
            Get-WfpKeptPackage -ProductCode $code -SourceRoot $sourceRoot | Should -Be $copy
            [System.IO.File]::WriteAllBytes($copy, [byte[]](1..201))
            Get-WfpKeptPackage -ProductCode $code -SourceRoot $sourceRoot | Should -BeNullOrEmpty
            Mock Get-WfpProductState { -1 }
            Remove-WfpUnusedSource -SourceRoot $sourceRoot -Keep ''
            Test-Path -LiteralPath $WfpKeptPackageKey | Should -BeFalse
        } finally { Remove-Item -Recurse -Force -LiteralPath 'HKLM:\SOFTWARE\WmiFixedPortKitTest' -ErrorAction SilentlyContinue }
    }

    It 'CommandLineValue_WhenSetThenCleared_RoundTripsThroughTheRegistry' -Skip:$skipReal {
        $script:WfpCommandLineKey = 'HKLM:\SOFTWARE\WmiFixedPortKitTest\CommandLine'
        try {
            Set-WfpCommandLineValue -Values @{ FIREWALL_PROFILE = 'domain'; WMIPORT = '24200' }
            $read = Get-WfpCommandLineValue
            $read['FIREWALL_PROFILE'] | Should -Be 'domain'
            $read['WMIPORT'] | Should -Be '24200'
            (Get-Item -LiteralPath $WfpCommandLineKey).GetValueKind('WMIPORT') | Should -Be 'String'
            Set-WfpCommandLineValue -Values @{}
            Test-Path -LiteralPath $WfpCommandLineKey | Should -BeFalse
            # Empty parents go too (the kit leaves nothing behind after uninstall).
            Test-Path -LiteralPath 'HKLM:\SOFTWARE\WmiFixedPortKitTest' | Should -BeFalse
        } finally { Remove-Item -Recurse -Force -LiteralPath 'HKLM:\SOFTWARE\WmiFixedPortKitTest' -ErrorAction SilentlyContinue }
    }

    It 'GetWfpFirewallRule_WhenARuleIsDisabledOnAPort_ReportsBoth' -Skip:$skipReal {
        $name = 'WmiFixedPort kit test ' + [guid]::NewGuid().ToString('N')
        New-NetFirewallRule -DisplayName $name -Direction Inbound -Protocol TCP -LocalPort 24999 -Action Allow -Enabled False | Out-Null
        try {
            $rule = Get-WfpFirewallRule -DisplayName $name
            $rule.Enabled | Should -BeFalse
            $rule.LocalPort | Should -Be '24999'
            # Any profile and any remote address, in the kit's comparable form.
            ConvertTo-WfpProfileSet -Profile $rule.Profile | Should -Be @('domain', 'private', 'public')
            ConvertTo-WfpAddressSet -Addresses $rule.RemoteAddress | Should -Be @('*')
        } finally { Remove-NetFirewallRule -DisplayName $name }
        Get-WfpFirewallRule -DisplayName $name | Should -BeNullOrEmpty
    }

    It 'GetWfpFirewallRule_WhenARuleIsForSomeProfilesAndAddresses_ReportsThemAsTheDriftCheckComparesThem' -Skip:$skipReal {
        $name = 'WmiFixedPort kit test ' + [guid]::NewGuid().ToString('N')
        New-NetFirewallRule -DisplayName $name -Direction Inbound -Protocol TCP -LocalPort 24999 -Action Allow -Profile Domain, Private -RemoteAddress 10.0.0.0/8, LocalSubnet, 192.168.1.20 | Out-Null
        try {
            $rule = Get-WfpFirewallRule -DisplayName $name
            ConvertTo-WfpProfileSet -Profile $rule.Profile | Should -Be @('domain', 'private')
            (ConvertTo-WfpAddressSet -Addresses $rule.RemoteAddress) -join ',' | Should -Be ((ConvertTo-WfpAddressSet -Addresses @('10.0.0.0/8,LocalSubnet,192.168.1.20')) -join ',')
        } finally { Remove-NetFirewallRule -DisplayName $name }
    }

    It 'GetWfpActiveStoreLocalRulesIgnored_WhenRead_ReturnsOnlyProfileNames' -Skip:$skipReal {
        $expected = @(Get-NetFirewallProfile -PolicyStore ActiveStore | Where-Object { [string]$_.AllowLocalFirewallRules -eq 'False' } | ForEach-Object { ([string]$_.Name).ToLowerInvariant() })
        $names = @(Get-WfpActiveStoreLocalRulesIgnored)
        ($names -join ',') | Should -Be ($expected -join ',')
        foreach ($n in $names) { $n | Should -BeIn @('domain', 'private', 'public') }
    }

    It 'WindowsInstaller_WhenAskedForAnUnknownProduct_AnswersNotInstalled' -Skip:$skipReal {
        $script:WfpUpgradeCode = '{' + [guid]::NewGuid().ToString().ToUpperInvariant() + '}'
        @(Get-WfpInstalledProduct).Count | Should -Be 0
        Get-WfpProductState -ProductCode $WfpUpgradeCode | Should -Be -1
    }

    It 'InvokeWfpMsiexec_WhenRemovingAnUnknownProduct_ReturnsMsiexecs1605' -Skip:$skipReal {
        Invoke-WfpMsiexec -ArgumentList @('/x', ('{' + [guid]::NewGuid().ToString().ToUpperInvariant() + '}'), '/qn') | Should -Be 1605
    }

    It 'GetWfpPackageInfo_WhenTheShippingMsi_ReadsItsCodesAndReleasesTheFile' -Skip:($skipReal -or -not $env:WMIFIXEDPORT_MSI) {
        $info = Get-WfpPackageInfo -Path $env:WMIFIXEDPORT_MSI
        Test-WfpProductCode $info.ProductCode | Should -BeTrue
        $info.UpgradeCode | Should -Be '{E9D2D046-CD70-4BD6-9E50-3B01388ADADA}'
        $info.ProductVersion | Should -Match '^\d+\.\d+\.\d+$'
        # Released: the file can be opened for writing with no sharing.
        $stream = [System.IO.File]::Open($env:WMIFIXEDPORT_MSI, 'Open', 'ReadWrite', 'None')
        $stream.Dispose()
    }
}
