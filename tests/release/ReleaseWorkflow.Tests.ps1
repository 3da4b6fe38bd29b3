# Structure of .github/workflows/release.yml that actionlint does not judge: the order of its steps and what guards
# them (signing fails closed, dlls signed before the pack, the embedded engine checked, certificates removed always,
# secrets in the Environment "release", publish through the re-run-safe scripts). The steps are read from the file's
# text: each "      - " line at the steps' indentation of a job starts a step, up to the next one (a comment above a
# step ends up in the step before it, so the patterns name the command lines: ./.github/scripts/<script>).

BeforeAll {
    $workflow = (Resolve-Path (Join-Path $PSScriptRoot '../../.github/workflows/release.yml')).Path
    function Get-JobSteps([string] $Job) {
        $lines = Get-Content -LiteralPath $workflow
        $start = [array]::IndexOf($lines, "  ${Job}:")
        if ($start -lt 0) { throw "release.yml has no job $Job" }
        $end = $lines.Count
        for ($i = $start + 1; $i -lt $lines.Count; $i++) { if ($lines[$i] -match '^  [A-Za-z_-]+:\s*$') { $end = $i; break } }
        $header = ($lines[$start..($end - 1)] | Where-Object { $true }) -join "`n"
        $steps = New-Object System.Collections.Generic.List[string]
        $current = $null
        for ($i = $start; $i -lt $end; $i++) {
            if ($lines[$i] -match '^      - ') { if ($null -ne $current) { $steps.Add($current) }; $current = $lines[$i] }
            elseif ($null -ne $current) { $current += "`n" + $lines[$i] }
        }
        if ($null -ne $current) { $steps.Add($current) }
        return [pscustomobject]@{ Text = $header; Steps = $steps }
    }
    function Find-Step($Job, [string] $Pattern) {
        for ($i = 0; $i -lt $Job.Steps.Count; $i++) { if ($Job.Steps[$i] -match $Pattern) { return $i } }
        throw "no step matches $Pattern"
    }
    $build = Get-JobSteps 'build'
    $publish = Get-JobSteps 'publish'
}

Describe 'release.yml' {
    It 'Workflow_BuildAndPublish_RunInTheEnvironmentRelease' {
        $build.Text | Should -Match '(?m)^    environment: release$'
        $publish.Text | Should -Match '(?m)^    environment: release$'
    }

    It 'Workflow_Signing_FailsClosedBeforeAnythingIsSignedOrBuilt' {
        $build.Text | Should -Match "HAS_CERT: \$\{\{ secrets.WMIFIXEDPORT_SIGNING_CERT != '' \}\}"
        $assert = Find-Step $build 'Assert-SigningState\.ps1 -Configured \$env:HAS_CERT -Signed "\$env:SIGNED"'
        $build.Steps[$assert] | Should -Match 'SIGNED: \$\{\{ steps.signing.outputs.enabled \}\}'
        $assert | Should -Be ((Find-Step $build 'id: signing') + 1)
        (Find-Step $build 'dotnet build customactions') | Should -BeGreaterThan $assert
        $publish.Text | Should -Match "HAS_CERT: \$\{\{ secrets.WMIFIXEDPORT_SIGNING_CERT != '' \}\}"
        (Find-Step $publish "Assert-SigningState\.ps1 .*-Where 'publish'") | Should -BeLessThan (Find-Step $publish 'publish-release\.sh "\$TAG"')
    }

    It 'Workflow_ExtensionDlls_AreSignedBetweenTheBuildAndAPackWithoutBuild' {
        $built = Find-Step $build 'dotnet build \$env:EXTENSION_PROJECT'
        $signed = Find-Step $build 'Invoke-AuthenticodeSigning\.ps1 -Path \$dlls'
        $packed = Find-Step $build '\./\.github/scripts/Build-ConsumerSample\.ps1'
        $built | Should -BeLessThan $signed
        $signed | Should -BeLessThan $packed
        $build.Steps[$packed] | Should -Match ' -NoBuild '
    }

    It 'Workflow_EmbeddedEngine_IsCheckedInTheMsiAndInThePackages' {
        (Find-Step $build '\./\.github/scripts/Assert-EmbeddedEngine\.ps1 .*-Directory ') | Should -BeGreaterOrEqual (Find-Step $build '\./\.github/scripts/Compare-MsiBuilds\.ps1')
        (Find-Step $build '\./\.github/scripts/Assert-EmbeddedEngine\.ps1 .*-Nupkg ') | Should -BeGreaterThan (Find-Step $build '\./\.github/scripts/Invoke-NuGetSigning\.ps1')
    }

    It 'Workflow_Reproducibility_ComparesTheEngineAndBothMsis' {
        $build.Steps[(Find-Step $build 'WmiFixedPort\.exe built again')] | Should -Match 'if \(\$first -ne \$second\) \{ throw'
        $build.Steps[(Find-Step $build '\./\.github/scripts/Compare-MsiBuilds\.ps1')] | Should -Match "foreach \(\`$platform in 'x64', 'ARM64'\)"
    }

    It 'Workflow_ImportedCertificates_AreRemovedWhateverHappened' {
        $remove = Find-Step $build '\./\.github/scripts/Remove-CodeSigning\.ps1'
        $build.Steps[$remove] | Should -Match "if: always\(\) && steps.signing.outputs.imported != ''"
        foreach ($signing in '\./\.github/scripts/Invoke-AuthenticodeSigning', '\./\.github/scripts/Invoke-NuGetSigning', '\./\.github/scripts/New-ReleaseKit') { (Find-Step $build $signing) | Should -BeLessThan $remove }
    }

    It 'Workflow_Publish_UsesTheRerunSafeScriptsInOrder' {
        $draft = Find-Step $publish 'bash \.github/scripts/publish-release\.sh "\$TAG" "\$VERSION"'
        $push = Find-Step $publish 'bash \.github/scripts/nuget-push\.sh release-assets'
        $public = Find-Step $publish 'publish-release\.sh --publish "\$TAG" "\$VERSION"'
        $draft | Should -BeLessThan $push
        $push | Should -BeLessThan $public
        $public | Should -Be ($publish.Steps.Count - 1)
        $publish.Text | Should -Not -Match 'gh release (create|edit)'
    }
}
