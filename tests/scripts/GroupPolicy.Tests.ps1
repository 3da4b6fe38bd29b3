# The Group Policy template (packaging/gpo) against the installer: what Microsoft's ADMX schema check cannot see.
# The checks run on the real files; each check is also run on a broken copy to show that it reports the break.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers/GroupPolicy.ps1')
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $admx = Join-Path $repoRoot 'packaging/gpo/WmiFixedPort.admx'
    $adml = Join-Path $repoRoot 'packaging/gpo/en-US/WmiFixedPort.adml'
    $wixFiles = @(Get-WixSourceFile -Root $repoRoot | ForEach-Object { $_.FullName })
    $contractNames = @('FIREWALL', 'FIREWALL_PROFILE', 'FIREWALL_REMOTE_ADDRESSES', 'OPEN_RPC_EPMAP', 'WMIAUTHLEVEL', 'WMIPORT')

    function New-BrokenCopy([string] $Path, [string] $Old, [string] $New) {
        $text = [System.IO.File]::ReadAllText($Path)
        if (-not $text.Contains($Old)) { throw "fixture: '$Old' not in $Path" }
        # The first occurrence only.
        $copy = Join-Path $TestDrive ([guid]::NewGuid().ToString('N') + [System.IO.Path]::GetExtension($Path))
        $at = $text.IndexOf($Old)
        [System.IO.File]::WriteAllText($copy, $text.Substring(0, $at) + $New + $text.Substring($at + $Old.Length))
        $copy
    }
}

Describe 'The template and the installer (real files)' {
    It 'GetAdmxRegistryWrite_WhenTemplate_WritesExactlyTheSixPropertiesAsRegSzUnderThePolicyKey' {
        $writes = @(Get-AdmxRegistryWrite -AdmxPath $admx)
        @($writes | ForEach-Object { $_.ValueName } | Sort-Object) | Should -Be $contractNames
        @($writes | Where-Object { $_.Type -ne 'REG_SZ' }) | Should -BeNullOrEmpty
        @($writes | Where-Object { $_.Key -ne 'Software\Policies\WmiFixedPort' }) | Should -BeNullOrEmpty
    }

    It 'GetInstallerPolicySearch_WhenInstallerSources_ReadsExactlyTheSixProperties' {
        $wixFiles.Count | Should -BeGreaterThan 0
        $names = @(Get-InstallerPolicySearch -Files $wixFiles | ForEach-Object { $_.Name } | Sort-Object -Unique)
        $names | Should -Be $contractNames
    }

    It 'ComparePolicyRegistryContract_WhenTemplateAndInstaller_FindsNoProblem' {
        $searches = @(Get-InstallerPolicySearch -Files $wixFiles)
        Compare-PolicyRegistryContract -Writes (Get-AdmxRegistryWrite -AdmxPath $admx) -Searches $searches | Should -BeNullOrEmpty
    }

    It 'GetInstallerAcceptedValue_WhenInstallerSources_ReadsTheRangesAndChoices' {
        $ok = Get-InstallerAcceptedValue -Conditions @(Get-InstallerCondition -Files $wixFiles)
        $ok['WMIPORT'].Min | Should -Be 1024
        $ok['WMIPORT'].Max | Should -Be 65535
        $ok['WMIPORT'].Excluded | Should -Be @(135)
        $ok['WMIAUTHLEVEL'] | Should -Be @('2', '3', '4', '5', '6')
        $ok['FIREWALL'] | Should -Be @('0', '1')
        $ok['OPEN_RPC_EPMAP'] | Should -Be @('0', '1')
        @($ok['FIREWALL_PROFILE']).Count | Should -Be 8
    }

    It 'ComparePolicyRange_WhenTemplateAndInstaller_FindsNoProblem' {
        $ok = Get-InstallerAcceptedValue -Conditions @(Get-InstallerCondition -Files $wixFiles)
        Compare-PolicyRange -Writes (Get-AdmxRegistryWrite -AdmxPath $admx) -Accepted $ok | Should -BeNullOrEmpty
    }

    It 'WmiPort_WhenTheInstallerRefusesAPort_TheTemplateCannotWriteItOrItsHelpSaysSo' {
        # The installer refuses WMIPORT 135 (launch condition). A decimal range cannot leave a hole: the port must be
        # outside the template's range, or the policy's explanation must name it.
        $ok = Get-InstallerAcceptedValue -Conditions @(Get-InstallerCondition -Files $wixFiles)
        $port = Get-AdmxRegistryWrite -AdmxPath $admx | Where-Object { $_.ValueName -eq 'WMIPORT' }
        $help = (Read-XmlFile $adml).SelectSingleNode('//*[local-name()="string" and @id="WmiPort_Help"]').InnerText
        $ok['WMIPORT'].Excluded | Should -Not -BeNullOrEmpty
        foreach ($p in $ok['WMIPORT'].Excluded) {
            (($p -lt $port.Min -or $p -gt $port.Max) -or $help -match "\b$p\b") | Should -BeTrue -Because "port $p is refused by the installer"
        }
    }

    It 'CompareAdmxAdml_WhenTemplate_FindsNoProblem' {
        Compare-AdmxAdml -AdmxPath $admx -AdmlPath $adml | Should -BeNullOrEmpty
    }
}

Describe 'The checks report a broken template or installer' {
    It 'ReadXmlFile_WhenWixSourceRepeatsABlockWithForeach_ExpandsItLikeThePreprocessor' {
        $file = Join-Path $TestDrive 'loop.wxs'
        [System.IO.File]::WriteAllText($file, '<Wix xmlns="http://wixtoolset.org/schemas/v4/wxs"><Fragment><?foreach S in WMIPORT;FIREWALL?><Property Id="P_$(S)"><RegistrySearch Id="S_$(S)" Root="HKLM" Key="SOFTWARE\Policies\WmiFixedPort" Name="$(S)" Type="raw" /></Property><?endforeach?></Fragment></Wix>')
        @(Get-InstallerPolicySearch -Files @($file) | ForEach-Object { "$($_.Property)=$($_.Name)" }) | Should -Be @('P_WMIPORT=WMIPORT', 'P_FIREWALL=FIREWALL')
    }

    It 'GetInstallerAcceptedValue_WhenTwoSourcesDisagreeOnThePortRange_TheComparisonFails' {
        $conditions = @(
            [pscustomobject]@{ Kind = 'Launch'; Condition = 'Installed OR (WMIPORT >= 1024 AND WMIPORT <= 65535)' },
            [pscustomobject]@{ Kind = 'Launch'; Condition = 'Installed OR (WMIPORT >= 2048 AND WMIPORT <= 65535)' })
        $ok = Get-InstallerAcceptedValue -Conditions $conditions
        $writes = @(Get-AdmxRegistryWrite -AdmxPath $admx | Where-Object { $_.ValueName -eq 'WMIPORT' })
        Compare-PolicyRange -Writes $writes -Accepted $ok | Should -Be @('policy WmiPort allows 1024..65535; the installer accepts 1024 2048..65535')
    }

    It 'ComparePolicyRegistryContract_WhenPortIsStoredAsDword_ReportsIt' {
        $broken = New-BrokenCopy $admx 'maxValue="65535" storeAsText="true"' 'maxValue="65535"'
        $searches = @(Get-InstallerPolicySearch -Files $wixFiles)
        Compare-PolicyRegistryContract -Writes (Get-AdmxRegistryWrite -AdmxPath $broken) -Searches $searches |
            Should -Be @("policy WmiPort writes WMIPORT as REG_DWORD; the installer's raw search needs REG_SZ")
    }

    It 'ComparePolicyRegistryContract_WhenAValueNameIsMisspelt_ReportsBothSides' {
        $broken = New-BrokenCopy $admx 'valueName="WMIAUTHLEVEL"' 'valueName="WMIAUTHLVL"'
        $searches = @(Get-InstallerPolicySearch -Files $wixFiles)
        Compare-PolicyRegistryContract -Writes (Get-AdmxRegistryWrite -AdmxPath $broken) -Searches $searches |
            Should -Be @('policy WmiAuthLevel writes WMIAUTHLVL, which the installer does not read', 'the installer reads WMIAUTHLEVEL under SOFTWARE\Policies\WmiFixedPort, which no policy writes')
    }

    It 'ComparePolicyRegistryContract_WhenABooleanWritesDecimals_ReportsIt' {
        $broken = New-BrokenCopy $admx '<enabledValue><string>1</string></enabledValue>' '<enabledValue><decimal value="1" /></enabledValue>'
        $problems = @(Compare-PolicyRegistryContract -Writes (Get-AdmxRegistryWrite -AdmxPath $broken) -Searches @(Get-InstallerPolicySearch -Files $wixFiles))
        $problems | Should -Be @("policy Firewall writes FIREWALL as REG_DWORD+REG_SZ; the installer's raw search needs REG_SZ")
    }

    It 'ComparePolicyRegistryContract_WhenAnotherKey_ReportsIt' {
        $writes = @(Get-AdmxRegistryWrite -AdmxPath $admx)
        $writes[0].Key = 'Software\Policies\WmiFixedPort\Settings'
        @(Compare-PolicyRegistryContract -Writes $writes -Searches @(Get-InstallerPolicySearch -Files $wixFiles)) |
            Should -Be @("policy WmiPort writes key 'Software\Policies\WmiFixedPort\Settings', the installer reads 'SOFTWARE\Policies\WmiFixedPort'")
    }

    It 'ComparePolicyRegistryContract_WhenTheInstallerSearchIsNotRaw_ReportsIt' {
        $source = @(Get-InstallerPolicySearch -Files $wixFiles | Where-Object { $_.Name -eq 'WMIPORT' })[0].File
        # The extension's wixlib declares the six policy searches with one <?foreach?> line: breaking it breaks all six.
        $search = 'Key="SOFTWARE\Policies\WmiFixedPort" Name="$(Setting)" Type="raw"'
        $broken = New-BrokenCopy $source $search ($search.Replace('Type="raw"', 'Type="file"'))
        $others = @($wixFiles | Where-Object { $_ -ne $source }) + $broken
        $problems = @(Compare-PolicyRegistryContract -Writes (Get-AdmxRegistryWrite -AdmxPath $admx) -Searches @(Get-InstallerPolicySearch -Files $others))
        $problems | Should -Contain "installer search for WMIPORT ($broken) has Type 'file', not 'raw'"
        $problems.Count | Should -Be 6
        @($problems | Where-Object { $_ -notlike "installer search for * has Type 'file', not 'raw'" }) | Should -BeNullOrEmpty
    }

    It 'ComparePolicyRange_WhenThePortRangeDiffers_ReportsIt' {
        $broken = New-BrokenCopy $admx 'maxValue="65535"' 'maxValue="65000"'
        $ok = Get-InstallerAcceptedValue -Conditions @(Get-InstallerCondition -Files $wixFiles)
        Compare-PolicyRange -Writes (Get-AdmxRegistryWrite -AdmxPath $broken) -Accepted $ok | Should -Be @('policy WmiPort allows 1024..65000; the installer accepts 1024..65535')
    }

    It 'ComparePolicyRange_WhenAProfileChoiceIsRefusedByTheInstaller_ReportsIt' {
        $broken = New-BrokenCopy $admx '<string>private,public</string>' '<string>public,private</string>'
        $ok = Get-InstallerAcceptedValue -Conditions @(Get-InstallerCondition -Files $wixFiles)
        Compare-PolicyRange -Writes (Get-AdmxRegistryWrite -AdmxPath $broken) -Accepted $ok |
            Should -Be @('policy FirewallProfile offers FIREWALL_PROFILE value(s) the installer refuses: public,private', 'policy FirewallProfile does not offer FIREWALL_PROFILE value(s) the installer accepts: private,public')
    }

    It 'ComparePolicyRange_WhenAnAuthLevelIsMissing_ReportsIt' {
        $broken = New-BrokenCopy $admx '<item displayName="$(string.AuthLevel_Connect)"><value><string>2</string></value></item>' ''
        $ok = Get-InstallerAcceptedValue -Conditions @(Get-InstallerCondition -Files $wixFiles)
        Compare-PolicyRange -Writes (Get-AdmxRegistryWrite -AdmxPath $broken) -Accepted $ok |
            Should -Be @('policy WmiAuthLevel does not offer WMIAUTHLEVEL value(s) the installer accepts: 2')
    }

    It 'ComparePolicyRange_WhenTheInstallerHasNoConditionForAProperty_ReportsIt' {
        Compare-PolicyRange -Writes (Get-AdmxRegistryWrite -AdmxPath $admx) -Accepted @{} |
            Should -Be @('no installer condition found for WMIPORT', 'no installer condition found for WMIAUTHLEVEL', 'no installer condition found for FIREWALL', 'no installer condition found for FIREWALL_PROFILE', 'no installer condition found for OPEN_RPC_EPMAP')
    }

    It 'CompareAdmxAdml_WhenAStringIsMissing_ReportsIt' {
        $broken = New-BrokenCopy $adml '<string id="Profile_Public">Public</string>' ''
        Compare-AdmxAdml -AdmxPath $admx -AdmlPath $broken | Should -Be @('$(string.Profile_Public) has no string in the .adml')
    }

    It 'CompareAdmxAdml_WhenAPresentationIsMissing_ReportsIt' {
        $broken = New-BrokenCopy $admx 'presentation="$(presentation.WmiPort)"' 'presentation="$(presentation.WmiPortBox)"'
        Compare-AdmxAdml -AdmxPath $broken -AdmlPath $adml | Should -Be @('$(presentation.WmiPortBox) of policy WmiPort has no presentation in the .adml')
    }

    It 'CompareAdmxAdml_WhenAControlDoesNotFitItsElement_ReportsIt' {
        $broken = New-BrokenCopy $adml '<dropdownList refId="FirewallProfileValue" noSort="true" defaultItem="0">Profiles:</dropdownList>' '<textBox refId="FirewallProfileValue"><label>Profiles:</label></textBox>'
        Compare-AdmxAdml -AdmxPath $admx -AdmlPath $broken | Should -Be @('presentation FirewallProfile shows element FirewallProfileValue (enum) with a textBox, expected dropdownList')
    }

    It 'CompareAdmxAdml_WhenAControlRefersToAnUnknownElement_ReportsBothSides' {
        $broken = New-BrokenCopy $adml 'refId="WmiPortValue"' 'refId="WmiPortNumber"'
        Compare-AdmxAdml -AdmxPath $admx -AdmlPath $broken |
            Should -Be @('presentation WmiPort has 0 controls for element WmiPortValue, expected 1', 'presentation WmiPort refers to WmiPortNumber, which policy WmiPort does not have')
    }
}

Describe 'The exe validator accepts every choice the template offers' {
    BeforeDiscovery {
        $dll = Join-Path $PSScriptRoot '../../customactions/WmiFixedPort/bin/Release/net10.0/WmiFixedPort.dll'
        $skipExe = -not (Test-Path -LiteralPath $dll)
    }
    BeforeAll {
        $dll = (Resolve-Path (Join-Path $PSScriptRoot '../../customactions/WmiFixedPort/bin/Release/net10.0/WmiFixedPort.dll') -ErrorAction SilentlyContinue).Path
        function Invoke-Validate([string[]] $Arguments) {
            & dotnet $dll validate @Arguments *> $null
            $LASTEXITCODE
        }
    }

    It 'Validate_WhenEveryTemplateChoice_ExitsZero (needs the Release build of the exe; .ci/run builds it first)' -Skip:$skipExe {
        $writes = @(Get-AdmxRegistryWrite -AdmxPath $admx)
        $port = $writes | Where-Object { $_.ValueName -eq 'WMIPORT' }
        foreach ($p in $port.Min, $port.Max) { Invoke-Validate @('--port', [string]$p) | Should -Be 0 -Because "port $p" }
        foreach ($level in ($writes | Where-Object { $_.ValueName -eq 'WMIAUTHLEVEL' }).Values) { Invoke-Validate @('--auth-level', $level) | Should -Be 0 -Because "auth level $level" }
        foreach ($profile in ($writes | Where-Object { $_.ValueName -eq 'FIREWALL_PROFILE' }).Values) { Invoke-Validate @('--firewall-profile', $profile) | Should -Be 0 -Because "profile $profile" }
    }

    It 'Validate_WhenJustOutsideTheTemplateRangeOr135_ExitsTwo (needs the Release build of the exe)' -Skip:$skipExe {
        $port = Get-AdmxRegistryWrite -AdmxPath $admx | Where-Object { $_.ValueName -eq 'WMIPORT' }
        foreach ($p in ($port.Min - 1), ($port.Max + 1), 135) { Invoke-Validate @('--port', [string]$p) | Should -Be 2 -Because "port $p" }
    }
}

Describe 'Template choices against the kit (install.cmd and the remediation check values as the engine does)' {
    BeforeAll { . (Join-Path $PSScriptRoot '../../packaging/intune/Install-WmiFixedPort.ps1') }

    It 'ConvertToWfpValidValue_WhenEveryTemplateChoice_PassesItUnchanged' {
        $writes = @(Get-AdmxRegistryWrite -AdmxPath $admx)
        $port = $writes | Where-Object { $_.ValueName -eq 'WMIPORT' }
        foreach ($p in $port.Min, $port.Max) { ConvertTo-WfpValidValue -Name 'WMIPORT' -Value ([string]$p) | Should -BeExactly ([string]$p) }
        foreach ($name in 'WMIAUTHLEVEL', 'FIREWALL_PROFILE', 'FIREWALL', 'OPEN_RPC_EPMAP') {
            $values = @(($writes | Where-Object { $_.ValueName -eq $name }).Values)
            $values.Count | Should -BeGreaterThan 1 -Because "the template offers choices for $name"
            # Canonical: the template's spellings are the ones the kit passes on, so policy and command line compare equal.
            foreach ($v in $values) { ConvertTo-WfpValidValue -Name $name -Value ([string]$v) | Should -BeExactly ([string]$v) -Because "$name $v" }
        }
    }

    It 'ConvertToWfpValidValue_WhenJustOutsideTheTemplatePortRange_Throws' {
        $port = Get-AdmxRegistryWrite -AdmxPath $admx | Where-Object { $_.ValueName -eq 'WMIPORT' }
        foreach ($p in ($port.Min - 1), ($port.Max + 1)) { { ConvertTo-WfpValidValue -Name 'WMIPORT' -Value ([string]$p) } | Should -Throw "value '$p' of WMIPORT is not allowed: *" }
    }
}
