# Tests of .github/scripts/Assert-ReleaseVersion.ps1 on the version-flow outputs (.ci/versionflow.sh: the engine exe and
# the extension package built with -p:Version=2.3.4; WMIFIXEDPORT_VERSIONFLOW_OUT names the folder, as .ci/release.sh
# sets it, with WMIFIXEDPORT_REQUIRE_VERSIONFLOW=1: missing outputs then fail instead of skipping). The MSI part reads
# the Property table through Windows Installer: Windows only, run by the release workflow.

BeforeDiscovery {
    $outputs = $env:WMIFIXEDPORT_VERSIONFLOW_OUT
    $missing = [string]::IsNullOrEmpty($outputs) -or -not (Test-Path -LiteralPath (Join-Path $outputs 'WmiFixedPort.exe'))
    $required = $env:WMIFIXEDPORT_REQUIRE_VERSIONFLOW -eq '1'
}

BeforeAll {
    $script = (Resolve-Path (Join-Path $PSScriptRoot '../../.github/scripts/Assert-ReleaseVersion.ps1')).Path
    $outputs = $env:WMIFIXEDPORT_VERSIONFLOW_OUT
    if ([string]::IsNullOrEmpty($outputs) -or -not (Test-Path -LiteralPath (Join-Path $outputs 'WmiFixedPort.exe'))) {
        throw 'WMIFIXEDPORT_VERSIONFLOW_OUT does not name the outputs of .ci/versionflow.sh (required: WMIFIXEDPORT_REQUIRE_VERSIONFLOW=1).'
    }
    $exe = Join-Path $outputs 'WmiFixedPort.exe'
    $kit = Join-Path $outputs 'kit'
    $nupkg = @(Get-ChildItem -LiteralPath (Join-Path $outputs 'feed') -Filter *.nupkg)[0].FullName
}

Describe 'Assert-ReleaseVersion.ps1' -Skip:($missing -and -not $required) {
    It 'Assert_WhenExeAndPackageCarryTheVersion_Passes' {
        $messages = @(& $script -Version '2.3.4' -Exe $exe -Nupkg $nupkg 6>&1 | ForEach-Object { "$_" })

        $messages[-1] | Should -Be 'Every asset carries version 2.3.4.'
    }

    It 'Assert_WhenTheVersionDiffers_FailsNamingEachAsset' {
        $messages = New-Object System.Collections.Generic.List[string]
        { & $script -Version '2.3.5' -Exe $exe -Nupkg $nupkg 6>&1 | ForEach-Object { $messages.Add("$_") } } |
            Should -Throw '4 asset(s) do not carry version 2.3.5 (listed above).'
        $errors = @($messages | Where-Object { $_.StartsWith('::error::') })
        $errors.Count | Should -Be 4
        $errors[0] | Should -Be "::error::$exe has file version '2.3.4.0', expected '2.3.5.0'"
        $errors[1] | Should -BeLike "::error::$exe has product version '2.3.4*', expected '2.3.5' or '2.3.5+<commit>'"
        $errors[2] | Should -Be "::error::$nupkg has nuspec version '2.3.4', expected '2.3.5'"
        $errors[3] | Should -Be "::error::$nupkg is not named WmiFixedPort.wixext.2.3.5.nupkg"
    }

    It 'Assert_WhenKitScriptsCarryTheVersion_Passes' {
        $messages = @(& $script -Version '2.3.4' -KitDirectory $kit 6>&1 | ForEach-Object { "$_" })

        $messages | Should -Contain "$((Resolve-Path $kit).Path): $(@(Get-ChildItem -LiteralPath $kit -Recurse -Filter *.ps1).Count) kit scripts checked"
        $messages[-1] | Should -Be 'Every asset carries version 2.3.4.'
    }

    It 'Assert_WhenAKitScriptCarriesAnotherVersion_FailsNamingTheScriptAndTheValue' {
        $copy = Join-Path $TestDrive 'kit-other'
        Copy-Item -LiteralPath $kit -Destination $copy -Recurse
        $detect = Join-Path $copy 'intune/Detect-WmiFixedPort.ps1'
        $text = [IO.File]::ReadAllText($detect)
        [IO.File]::WriteAllText($detect, $text.Replace("`$MinimumVersion = '2.3.4'", "`$MinimumVersion = '1.0.0'"))
        $install = Join-Path $copy 'intune/Install-WmiFixedPort.ps1'
        [IO.File]::WriteAllText($install, [IO.File]::ReadAllText($install).Replace('# Minimum product version: 2.3.4 ', '# Minimum product version: 1.0.0 '))
        $messages = New-Object System.Collections.Generic.List[string]

        { & $script -Version '2.3.4' -KitDirectory $copy 6>&1 | ForEach-Object { $messages.Add("$_") } } |
            Should -Throw '2 asset(s) do not carry version 2.3.4 (listed above).'
        $errors = @($messages | Where-Object { $_.StartsWith('::error::') })
        $errors | Should -Contain "::error::$((Resolve-Path $detect).Path) has `$MinimumVersion = '1.0.0', expected '2.3.4'"
        $errors | Should -Contain "::error::$((Resolve-Path $install).Path) has the header '# Minimum product version: 1.0.0', expected '2.3.4'"
    }

    It 'Assert_WhenAJudgeScriptIsMissingOrAScriptHasNoHeader_Fails' {
        $copy = Join-Path $TestDrive 'kit-missing'
        Copy-Item -LiteralPath $kit -Destination $copy -Recurse
        Remove-Item -LiteralPath (Join-Path $copy 'configmgr/Detect-WmiFixedPort.ps1')
        $drift = Join-Path $copy 'intune/Detect-WmiFixedPortDrift.ps1'
        [IO.File]::WriteAllText($drift, ([IO.File]::ReadAllText($drift) -replace '(?m)^# Minimum product version: .*$', '# (header removed)'))
        $messages = New-Object System.Collections.Generic.List[string]

        { & $script -Version '2.3.4' -KitDirectory $copy 6>&1 | ForEach-Object { $messages.Add("$_") } } |
            Should -Throw '2 asset(s) do not carry version 2.3.4 (listed above).'
        $errors = @($messages | Where-Object { $_.StartsWith('::error::') })
        $errors | Should -Contain '::error::the kit lacks configmgr/Detect-WmiFixedPort.ps1'
        $errors | Should -Contain "::error::$((Resolve-Path $drift).Path) has no '# Minimum product version:' header"
    }
}
