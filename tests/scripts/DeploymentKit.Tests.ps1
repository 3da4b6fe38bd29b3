# The deployment kit's files against each other and against the installer: the shared region of the Intune scripts,
# the ConfigMgr copy of the detection script, the names the scripts look for (UpgradeCode, firewall rule names,
# feature ids) and the Intune command files.

BeforeDiscovery {
    $kitScripts = @('packaging/intune/Detect-WmiFixedPort.ps1', 'packaging/intune/Detect-WmiFixedPortDrift.ps1',
        'packaging/intune/Remediate-WmiFixedPort.ps1', 'packaging/configmgr/Detect-WmiFixedPort.ps1') | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers/GroupPolicy.ps1')
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $wixFiles = @(Get-WixSourceFile -Root $repoRoot | ForEach-Object { $_.FullName })
    function Get-Text([string] $Relative) { [System.IO.File]::ReadAllText((Join-Path $repoRoot $Relative)) }
    function Get-SharedRegion([string] $Text) {
        $m = [regex]::Match($Text, '(?s)#region WmiFixedPort shared checks.*?#endregion WmiFixedPort shared checks')
        if (-not $m.Success) { throw 'no shared region' }
        $m.Value
    }
    function Get-WixAttribute([string] $Element, [string] $Attribute) {
        foreach ($f in $wixFiles) {
            $doc = Read-XmlFile $f
            foreach ($n in @($doc.SelectNodes("//*[local-name()='$Element']"))) { if ($n.GetAttribute($Attribute)) { $n.GetAttribute($Attribute) } }
        }
    }
    # The shared region is dot-sourced once to read its constants.
    $shared = Get-SharedRegion (Get-Text 'packaging/intune/Detect-WmiFixedPort.ps1')
    . ([scriptblock]::Create($shared))
}

Describe 'Shared region of the Intune and ConfigMgr scripts' {
    It '<Name> carries the same shared region as Detect-WmiFixedPort.ps1' -ForEach $kitScripts {
        Get-SharedRegion (Get-Text $Name) | Should -BeExactly $shared
    }

    It 'ConfigMgrDetection_WhenComparedWithTheIntuneScript_DiffersOnlyInTheAgentDefault' {
        $intune = Get-Text 'packaging/intune/Detect-WmiFixedPort.ps1'
        $configMgr = Get-Text 'packaging/configmgr/Detect-WmiFixedPort.ps1'
        $configMgr | Should -Not -BeExactly $intune
        $configMgr.Replace("[string] `$Agent = 'ConfigMgr'", "[string] `$Agent = 'Intune'") | Should -BeExactly $intune
    }

    It 'MinimumVersion_WhenScriptsAreShipped_HasOneDefaultInEveryScript' {
        $names = @('packaging/intune/Detect-WmiFixedPort.ps1', 'packaging/intune/Detect-WmiFixedPortDrift.ps1',
            'packaging/intune/Remediate-WmiFixedPort.ps1', 'packaging/configmgr/Detect-WmiFixedPort.ps1')
        $defaults = @($names | ForEach-Object { [regex]::Match((Get-Text $_), "\[string\] \`$MinimumVersion = '([^']+)'").Groups[1].Value } | Sort-Object -Unique)
        $defaults.Count | Should -Be 1
        $defaults[0] | Should -Match '^\d+\.\d+\.\d+$'
    }
}

Describe 'What the scripts look for is what the installer creates' {
    It 'UpgradeCode_WhenScriptsAndPackage_AreTheSame' {
        $codes = @(Get-WixAttribute 'Package' 'UpgradeCode' | ForEach-Object { '{' + $_.Trim('{', '}').ToUpperInvariant() + '}' } | Sort-Object -Unique)
        $codes | Should -Be @($WfpUpgradeCode)
    }

    It 'FirewallRuleNames_WhenScriptsAndInstaller_AreTheSame' {
        @(Get-WixAttribute 'FirewallException' 'Name' | Sort-Object -Unique) | Should -Be @($WfpEpmapRuleName, $WfpWmiRuleName)
    }

    It 'FeatureIds_WhenScriptsAskForFeatureState_ExistInThePackage' {
        $features = @(Get-WixAttribute 'Feature' 'Id')
        $features | Should -Contain 'Firewall'
        $features | Should -Contain 'FirewallRpcEpmap'
    }

    It 'SettingsKey_WhenScriptsReadRememberedValues_IsTheKeyTheInstallerWrites' {
        $keys = @(Get-WixAttribute 'RegistryKey' 'Key') + @(Get-WixAttribute 'RegistryValue' 'Key')
        $keys | Should -Contain ($WfpSettingsKey -replace '^HKLM:\\', '')
    }
}

Describe 'Intune command files' {
    It 'InstallCmd_WhenRun_InstallsQuietlyWithoutRestartLogsToWindowsTempAndPassesTheExitCode' {
        $lines = @((Get-Text 'packaging/intune/install.cmd') -split "`r`n" | Where-Object { $_ -and $_ -notmatch '^(@echo off|rem( |$))' })
        $lines | Should -Be @(
            '"%SystemRoot%\System32\msiexec.exe" /i "%~dp0WmiFixedPort.msi" /qn /norestart /l*v "%SystemRoot%\Temp\WmiFixedPort-install.log"',
            'exit /b %ERRORLEVEL%')
    }

    It 'UninstallCmd_WhenRun_UninstallsQuietlyWithoutRestartLogsToWindowsTempAndPassesTheExitCode' {
        $lines = @((Get-Text 'packaging/intune/uninstall.cmd') -split "`r`n" | Where-Object { $_ -and $_ -notmatch '^(@echo off|rem( |$))' })
        $lines | Should -Be @(
            '"%SystemRoot%\System32\msiexec.exe" /x "%~dp0WmiFixedPort.msi" /qn /norestart /l*v "%SystemRoot%\Temp\WmiFixedPort-uninstall.log"',
            'exit /b %ERRORLEVEL%')
    }

    It 'CommandFiles_WhenStored_UseCrLfLineEndingsForCmdExe' {
        foreach ($f in 'packaging/intune/install.cmd', 'packaging/intune/uninstall.cmd') {
            $text = Get-Text $f
            ($text -replace "`r`n", '') | Should -Not -Match "`n" -Because "$f must use CRLF"
        }
    }
}

Describe 'Documents name only files that exist' {
    It '<Doc> names only repository files that exist' -ForEach @(
        @{ Doc = 'README.md' }, @{ Doc = 'packaging/intune/README.md' }, @{ Doc = 'packaging/configmgr/README.md' }, @{ Doc = 'packaging/gpo/README.md' }
    ) {
        $text = Get-Text $Doc
        if ($Doc -eq 'README.md') {
            # Only this area's section of the top-level README.
            $text = [regex]::Match($text, '(?s)## Group Policy, Intune, Configuration Manager.*?(?=\n## )').Value
            $text | Should -Not -BeNullOrEmpty
        }
        $paths = @([regex]::Matches($text, '(?<![\w./-])((?:packaging|tests|installer|customactions|\.ci|\.github)/[\w./-]*\w)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $missing = @($paths | Where-Object { -not (Test-Path -LiteralPath (Join-Path $repoRoot $_)) })
        $missing | Should -BeNullOrEmpty
    }
}
