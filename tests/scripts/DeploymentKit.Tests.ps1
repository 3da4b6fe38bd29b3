# The deployment kit's files against each other and against the installer: the shared region of the Intune scripts,
# the ConfigMgr copy of the detection script, the names the scripts look for (UpgradeCode, firewall rule names,
# feature ids) and the Intune command files.

BeforeDiscovery {
    $kitScripts = @('packaging/intune/Detect-WmiFixedPort.ps1', 'packaging/intune/Detect-WmiFixedPortDrift.ps1',
        'packaging/intune/Remediate-WmiFixedPort.ps1', 'packaging/configmgr/Detect-WmiFixedPort.ps1',
        'packaging/intune/Install-WmiFixedPort.ps1', 'packaging/intune/Uninstall-WmiFixedPort.ps1') | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers/GroupPolicy.ps1')
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $wixFiles = @(Get-WixSourceFile -Root $repoRoot | ForEach-Object { $_.FullName })
    $generator = Join-Path $repoRoot 'packaging/kit-source/Build-KitScripts.ps1'
    function Get-Text([string] $Relative) { [System.IO.File]::ReadAllText((Join-Path $repoRoot $Relative)) }
    function Get-SharedRegion([string] $Text) {
        $m = [regex]::Match($Text, '(?s)#region WmiFixedPort shared .*?#endregion WmiFixedPort shared')
        if (-not $m.Success) { throw 'no shared region' }
        $m.Value
    }
    function Get-WixAttribute([string] $Element, [string] $Attribute) {
        foreach ($f in $wixFiles) {
            $doc = Read-XmlFile $f
            foreach ($n in @($doc.SelectNodes("//*[local-name()='$Element']"))) { if ($n.GetAttribute($Attribute)) { $n.GetAttribute($Attribute) } }
        }
    }
    function Invoke-Generator([hashtable] $Arguments) {
        # In this process: the generator ends with "exit N" (sets $LASTEXITCODE) or throws (exit code 1 under -File).
        $global:LASTEXITCODE = $null
        try { $out = & $generator @Arguments 2>&1; $code = $LASTEXITCODE }
        catch { $out = $_.Exception.Message; $code = 1 }
        [pscustomobject]@{ ExitCode = $code; Output = ($out | ForEach-Object { "$_" }) -join "`n" }
    }
    $productVersion = [regex]::Match((Get-Text 'Directory.Build.props'), '<Version(?:\s[^>]*)?>([^<]+)</Version>').Groups[1].Value
    # The shared functions, dot-sourced once from their one source to read the constants.
    . (Join-Path $repoRoot 'packaging/kit-source/WmiFixedPort.Kit.ps1')
}

Describe 'One source for the kit scripts (packaging/kit-source/Build-KitScripts.ps1)' {
    It 'Generator_WhenCheckedAgainstTheCommittedScripts_FindsNoDifference' {
        $r = Invoke-Generator @{ Check = $true }
        $r.Output | Should -Match 'kit scripts: 6 generated files equal their source'
        $r.ExitCode | Should -Be 0
    }

    It 'Generator_WhenACommittedScriptWasEditedByHand_CheckExitsOneNamingIt' {
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ('kit-' + [guid]::NewGuid().ToString('N'))
        try {
            (Invoke-Generator @{ OutputRoot = $root }).ExitCode | Should -Be 0
            Add-Content -LiteralPath (Join-Path $root 'intune/Detect-WmiFixedPortDrift.ps1') -Value '# hand edit'
            Remove-Item -LiteralPath (Join-Path $root 'intune/Uninstall-WmiFixedPort.ps1')
            $r = Invoke-Generator @{ OutputRoot = $root; Check = $true }
            $r.ExitCode | Should -Be 1
            $r.Output | Should -Match 'differ from their source .*: intune/Detect-WmiFixedPortDrift\.ps1, intune/Uninstall-WmiFixedPort\.ps1 \(missing\)'
        } finally { Remove-Item -Recurse -Force -LiteralPath $root -ErrorAction SilentlyContinue }
    }

    It 'Generator_WhenCheckoutHasCrLfLineEnds_CheckStillPasses' {
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ('kit-' + [guid]::NewGuid().ToString('N'))
        try {
            (Invoke-Generator @{ OutputRoot = $root }).ExitCode | Should -Be 0
            $f = Join-Path $root 'intune/Install-WmiFixedPort.ps1'
            [System.IO.File]::WriteAllText($f, [System.IO.File]::ReadAllText($f).Replace("`n", "`r`n"))
            (Invoke-Generator @{ OutputRoot = $root; Check = $true }).ExitCode | Should -Be 0
        } finally { Remove-Item -Recurse -Force -LiteralPath $root -ErrorAction SilentlyContinue }
    }

    It 'Generator_WhenGivenAVersion_StampsItAsTheMinimumVersionOfEveryScript' {
        $root = Join-Path ([System.IO.Path]::GetTempPath()) ('kit-' + [guid]::NewGuid().ToString('N'))
        try {
            (Invoke-Generator @{ Version = '2.3.4'; OutputRoot = $root }).ExitCode | Should -Be 0
            foreach ($f in 'intune/Detect-WmiFixedPort.ps1', 'configmgr/Detect-WmiFixedPort.ps1', 'intune/Detect-WmiFixedPortDrift.ps1', 'intune/Remediate-WmiFixedPort.ps1') {
                [System.IO.File]::ReadAllText((Join-Path $root $f)) | Should -Match "\[string\] \`$MinimumVersion = '2\.3\.4'" -Because $f
            }
            # The committed scripts (default version) differ from a 2.3.4 generation: -Check against them fails.
            (Invoke-Generator @{ Version = '2.3.4'; Check = $true }).ExitCode | Should -Be 1
        } finally { Remove-Item -Recurse -Force -LiteralPath $root -ErrorAction SilentlyContinue }
    }

    It 'Generator_WhenVersionIsNotAProductVersion_FailsNamingTheParameter' {
        $r = Invoke-Generator @{ Version = '1.0.0-beta'; OutputRoot = (Join-Path ([System.IO.Path]::GetTempPath()) 'never-written') }
        $r.ExitCode | Should -Not -Be 0
        $r.Output | Should -Match "-Version '1\.0\.0-beta' is not a product version"
    }

    It '<Name> is generated: header, then the shared region from the one source' -ForEach $kitScripts {
        $text = Get-Text $Name
        $text | Should -Match '^# GENERATED FILE - DO NOT EDIT\. Source: packaging/kit-source/'
        $shared = (Get-Text 'packaging/kit-source/WmiFixedPort.Kit.ps1').Replace("`r`n", "`n").TrimEnd("`n")
        (Get-SharedRegion $text).Contains($shared) | Should -BeTrue
    }

    It 'ConfigMgrDetection_WhenComparedWithTheIntuneScript_DiffersOnlyInTheAgentDefault' {
        $intune = Get-Text 'packaging/intune/Detect-WmiFixedPort.ps1'
        $configMgr = Get-Text 'packaging/configmgr/Detect-WmiFixedPort.ps1'
        $configMgr | Should -Not -BeExactly $intune
        $configMgr.Replace("[string] `$Agent = 'ConfigMgr'", "[string] `$Agent = 'Intune'") | Should -BeExactly $intune
    }

    It 'MinimumVersion_WhenScriptsAreShipped_IsTheProductVersionInEveryScript' {
        $names = @('packaging/intune/Detect-WmiFixedPort.ps1', 'packaging/intune/Detect-WmiFixedPortDrift.ps1',
            'packaging/intune/Remediate-WmiFixedPort.ps1', 'packaging/configmgr/Detect-WmiFixedPort.ps1')
        $defaults = @($names | ForEach-Object { [regex]::Match((Get-Text $_), "\[string\] \`$MinimumVersion = '([^']+)'").Groups[1].Value } | Sort-Object -Unique)
        $defaults | Should -Be @($productVersion)
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
    It 'InstallCmd_WhenRun_RunsTheInstallScriptIn64BitWindowsPowerShellWithItsArgumentsAndPassesTheExitCode' {
        $lines = @((Get-Text 'packaging/intune/install.cmd') -split "`r`n" | Where-Object { $_ -and $_ -notmatch '^(@echo off|rem( |$))' })
        $lines | Should -Be @(
            'set "WFP_PS=%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"',
            'if exist "%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe" set "WFP_PS=%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe"',
            '"%WFP_PS%" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%~dp0Install-WmiFixedPort.ps1" %*',
            'exit /b %ERRORLEVEL%')
    }

    It 'UninstallCmd_WhenRun_RunsTheUninstallScriptIn64BitWindowsPowerShellAndPassesTheExitCode' {
        $lines = @((Get-Text 'packaging/intune/uninstall.cmd') -split "`r`n" | Where-Object { $_ -and $_ -notmatch '^(@echo off|rem( |$))' })
        $lines | Should -Be @(
            'set "WFP_PS=%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe"',
            'if exist "%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe" set "WFP_PS=%SystemRoot%\Sysnative\WindowsPowerShell\v1.0\powershell.exe"',
            '"%WFP_PS%" -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "%~dp0Uninstall-WmiFixedPort.ps1"',
            'exit /b %ERRORLEVEL%')
    }

    It 'CommandFiles_WhenStored_UseCrLfLineEndingsForCmdExe' {
        foreach ($f in 'packaging/intune/install.cmd', 'packaging/intune/uninstall.cmd') {
            $text = Get-Text $f
            ($text -replace "`r`n", '') | Should -Not -Match "`n" -Because "$f must use CRLF"
        }
    }
}

Describe 'Documents and comments name only files that exist' {
    It '<Doc> names only repository files that exist' -ForEach @(
        @{ Doc = 'README.md' }, @{ Doc = 'packaging/intune/README.md' }, @{ Doc = 'packaging/configmgr/README.md' }, @{ Doc = 'packaging/gpo/README.md' },
        @{ Doc = 'packaging/kit-source/WmiFixedPort.Kit.ps1' }, @{ Doc = 'packaging/kit-source/Build-KitScripts.ps1' },
        @{ Doc = 'packaging/kit-source/Install-WmiFixedPort.entry.ps1' }, @{ Doc = 'packaging/kit-source/Uninstall-WmiFixedPort.entry.ps1' },
        @{ Doc = 'packaging/kit-source/Detect-WmiFixedPort.entry.ps1' }, @{ Doc = 'packaging/kit-source/Detect-WmiFixedPortDrift.entry.ps1' },
        @{ Doc = 'packaging/kit-source/Remediate-WmiFixedPort.entry.ps1' }, @{ Doc = 'packaging/intune/install.cmd' },
        @{ Doc = 'packaging/intune/uninstall.cmd' }, @{ Doc = 'tests/scripts/TestHelpers/IntuneFakes.ps1' },
        @{ Doc = 'tests/scripts/windows/Invoke-DeploymentKitLane.ps1' }, @{ Doc = 'tests/scripts/windows/Invoke-KitPester.ps1' }
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
