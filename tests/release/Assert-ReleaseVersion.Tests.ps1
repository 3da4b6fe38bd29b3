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
    # The WiX 5 package (X.Y.Z; issue 18 adds X.Y.Z.6 and X.Y.Z.7 beside it).
    $nupkg = Join-Path $outputs 'feed/WmiFixedPort.wixext.2.3.4.nupkg'
    function Copy-PackageAs([string] $Package, [string] $Version, [string] $Folder) {
        $target = Join-Path $Folder "WmiFixedPort.wixext.$Version.nupkg"
        Copy-Item -LiteralPath $Package -Destination $target
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::Open($target, 'Update')
        try {
            $entry = $zip.GetEntry('WmiFixedPort.wixext.nuspec')
            $reader = New-Object IO.StreamReader($entry.Open()); $text = $reader.ReadToEnd(); $reader.Dispose()
            $entry.Delete()
            $writer = New-Object IO.StreamWriter($zip.CreateEntry('WmiFixedPort.wixext.nuspec').Open())
            $writer.Write(($text -replace '<version>[^<]*</version>', "<version>$Version</version>")); $writer.Dispose()
        } finally { $zip.Dispose() }
        return $target
    }
}

Describe 'Assert-ReleaseVersion.ps1' -Skip:($missing -and -not $required) {
    It 'Assert_WhenExeAndPackageCarryTheVersion_Passes' {
        $messages = @(& $script -Version '2.3.4' -Exe $exe -Nupkg $nupkg 6>&1 | ForEach-Object { "$_" })

        $messages[-1] | Should -Be 'Every asset carries version 2.3.4.'
    }

    It 'Assert_WhenTheVersionDiffers_FailsNamingEachAsset' {
        $messages = New-Object System.Collections.Generic.List[string]
        { & $script -Version '2.3.5' -Exe $exe -Nupkg $nupkg 6>&1 | ForEach-Object { $messages.Add("$_") } } |
            Should -Throw '3 asset(s) do not carry version 2.3.5 (listed above).'
        $errors = @($messages | Where-Object { $_.StartsWith('::error::') })
        $errors.Count | Should -Be 3
        $errors[0] | Should -Be "::error::$exe has file version '2.3.4.0', expected '2.3.5.0'"
        $errors[1] | Should -BeLike "::error::$exe has product version '2.3.4*', expected '2.3.5' or '2.3.5+<commit>'"
        $errors[2] | Should -Be "::error::$nupkg has nuspec version '2.3.4', expected '2.3.5' (or '2.3.5.6', '2.3.5.7' for WiX 6, 7)"
    }

    It 'Assert_WhenGivenTheThreePackagesThePackStepWrote_Passes' {
        # .ci/versionflow.sh packs with the one pack project (issue 18): WiX 5, 6 and 7 packages, 2.3.4, 2.3.4.6, 2.3.4.7.
        $all = @(Get-ChildItem -LiteralPath (Join-Path $outputs 'feed') -Filter *.nupkg | ForEach-Object FullName)

        $messages = @(& $script -Version '2.3.4' -Nupkg $all -RequireEveryWixMajor 6>&1 | ForEach-Object { "$_" })

        $all.Count | Should -Be 3
        $messages[-1] | Should -Be 'Every asset carries version 2.3.4.'
    }

    It 'Assert_WhenPackagesForWix6And7CarryTheVersionWithTheirSuffix_Passes' {
        # The WiX 6 and 7 packages are the same package with version X.Y.Z.6 / X.Y.Z.7 (issue 18); made here from the
        # WiX 5 one by rewriting its nuspec version and its name.
        $feed = Join-Path $TestDrive 'majors'
        New-Item -ItemType Directory -Force -Path $feed | Out-Null
        $packages = @(Copy-PackageAs $nupkg '2.3.4' $feed; Copy-PackageAs $nupkg '2.3.4.6' $feed; Copy-PackageAs $nupkg '2.3.4.7' $feed)

        $messages = @(& $script -Version '2.3.4' -Nupkg $packages -RequireEveryWixMajor 6>&1 | ForEach-Object { "$_" })

        $messages[-1] | Should -Be 'Every asset carries version 2.3.4.'
    }

    It 'Assert_WhenAMajorsPackageIsMissingOrMisnamedOrTwice_Fails' {
        $feed = Join-Path $TestDrive 'majors-bad'
        New-Item -ItemType Directory -Force -Path $feed | Out-Null
        $five = Copy-PackageAs $nupkg '2.3.4' $feed
        $six = Copy-PackageAs $nupkg '2.3.4.6' $feed
        $misnamed = Join-Path $feed 'WmiFixedPort.wixext.2.3.4.9.nupkg'
        Copy-Item -LiteralPath $six -Destination $misnamed
        $messages = New-Object System.Collections.Generic.List[string]

        { & $script -Version '2.3.4' -Nupkg $five, $six, $misnamed -RequireEveryWixMajor 6>&1 | ForEach-Object { $messages.Add("$_") } } |
            Should -Throw '3 asset(s) do not carry version 2.3.4 (listed above).'
        $errors = @($messages | Where-Object { $_.StartsWith('::error::') })
        $errors[0] | Should -Be "::error::$misnamed has nuspec version '2.3.4.6' like $six"
        $errors[1] | Should -Be "::error::$misnamed is not named WmiFixedPort.wixext.2.3.4.6.nupkg"
        $errors[2] | Should -Be '::error::no package has version 2.3.4.7'
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
