# Tests of .github/scripts/Assert-EmbeddedEngine.ps1 on the version-flow outputs (.ci/versionflow.sh: the engine exe and
# the extension package(s) built from one copy of the repository; WMIFIXEDPORT_VERSIONFLOW_OUT names the folder, with
# WMIFIXEDPORT_REQUIRE_VERSIONFLOW=1 missing outputs fail). The signature half (-Thumbprint, Get-AuthenticodeSignature)
# needs Windows and a signed build: the release workflow runs it.

BeforeDiscovery {
    $outputs = $env:WMIFIXEDPORT_VERSIONFLOW_OUT
    $missing = [string]::IsNullOrEmpty($outputs) -or -not (Test-Path -LiteralPath (Join-Path $outputs 'WmiFixedPort.exe'))
    $required = $env:WMIFIXEDPORT_REQUIRE_VERSIONFLOW -eq '1'
}

BeforeAll {
    $script = (Resolve-Path (Join-Path $PSScriptRoot '../../.github/scripts/Assert-EmbeddedEngine.ps1')).Path
    $outputs = $env:WMIFIXEDPORT_VERSIONFLOW_OUT
    if ([string]::IsNullOrEmpty($outputs) -or -not (Test-Path -LiteralPath (Join-Path $outputs 'WmiFixedPort.exe'))) {
        throw 'WMIFIXEDPORT_VERSIONFLOW_OUT does not name the outputs of .ci/versionflow.sh (required: WMIFIXEDPORT_REQUIRE_VERSIONFLOW=1).'
    }
    $exe = Join-Path $outputs 'WmiFixedPort.exe'
    $packages = @(Get-ChildItem -LiteralPath (Join-Path $outputs 'feed') -Filter *.nupkg | ForEach-Object FullName)
    # An "administrative image": the engine under a program folder, as msiexec /a extracts it.
    $image = Join-Path $TestDrive 'admin'
    New-Item -ItemType Directory -Path "$image/PFiles64/WmiFixedPort" | Out-Null
    Copy-Item -LiteralPath $exe -Destination "$image/PFiles64/WmiFixedPort/WmiFixedPort.exe"
    # Another engine: the same bytes with one byte changed (an unsigned copy differs from the signed one the same way).
    $other = Join-Path $TestDrive 'other/WmiFixedPort.exe'
    New-Item -ItemType Directory -Path (Split-Path $other) | Out-Null
    $bytes = [IO.File]::ReadAllBytes($exe); $bytes[$bytes.Length - 1] = $bytes[$bytes.Length - 1] -bxor 0xFF
    [IO.File]::WriteAllBytes($other, $bytes)
}

Describe 'Assert-EmbeddedEngine.ps1' -Skip:($missing -and -not $required) {
    It 'Embedded_WhenEveryCopyIsTheEngine_Passes' {
        $messages = @(& $script -Engine $exe -Directory $image -Nupkg $packages -WorkDirectory $TestDrive 6>&1 | ForEach-Object { "$_" })

        $dlls = 0
        foreach ($package in $packages) { $dlls += @(& unzip -Z1 $package | Where-Object { $_ -match '^wixext[^/]*/WmiFixedPort\.wixext\.dll$' }).Count }
        $dlls | Should -BeGreaterThan 0
        $messages[-1] | Should -Be "Every embedded WmiFixedPort.exe ($(1 + $dlls)) is the engine $exe."
    }

    It 'Embedded_WhenTheMsiAndThePackageEmbedAnotherEngine_FailsNamingEachCopy' {
        $messages = New-Object System.Collections.Generic.List[string]

        { & $script -Engine $other -Directory $image -Nupkg $packages[0] -WorkDirectory $TestDrive 6>&1 | ForEach-Object { $messages.Add("$_") } } |
            Should -Throw '* problem(s) with the embedded engine (listed above).'
        $errors = @($messages | Where-Object { $_.StartsWith('::error::') })
        $errors[0] | Should -BeLike "::error::*PFiles64/WmiFixedPort/WmiFixedPort.exe has SHA-256 *, not the engine's *"
        $errors[1] | Should -BeLike "::error::$($packages[0])!wixext*/WmiFixedPort.wixext.dll!*wmifixedport.wixlib!wix-ir/WmiFixedPort.exe has SHA-256 *, not the engine's *"
    }

    It 'Embedded_WhenAnExtractedMsiHoldsNoEngine_Fails' {
        $empty = Join-Path $TestDrive 'empty-admin'
        New-Item -ItemType Directory -Path $empty | Out-Null
        $messages = New-Object System.Collections.Generic.List[string]

        { & $script -Engine $exe -Directory $empty 6>&1 | ForEach-Object { $messages.Add("$_") } } | Should -Throw '1 problem(s) with the embedded engine (listed above).'
        $messages | Should -Contain "::error::$empty holds no WmiFixedPort.exe"
    }
}
