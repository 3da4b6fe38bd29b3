# Tests of the publish job's scripts (.github/scripts): Assert-SigningState.ps1 (signing fails closed),
# release-latest.sh (make_latest only for the highest release tag), nuget-push.sh (every package; one NuGet secret alone
# fails) and publish-release.sh (a re-run deletes its own drafts, never a published release; publishes by ID).
# gh and dotnet are stand-ins on PATH that record their arguments. The gh stand-in answers "gh api --paginate
# repos/<repo>/releases --jq <filter>" with the lines the filter would print ("<id> <draft>" per release of the tag:
# the list-releases REST endpoint returns drafts to a token with push access, each with tag_name, id and draft,
# https://docs.github.com/rest/releases/releases#list-releases; gh api --jq prints the filter's output,
# https://cli.github.com/manual/gh_api), from FAKE_GH_RELEASES; a test of the stand-in checks it filters by tag.

BeforeAll {
    $scripts = (Resolve-Path (Join-Path $PSScriptRoot '../../.github/scripts')).Path
    $bin = Join-Path $TestDrive 'bin'
    New-Item -ItemType Directory -Path $bin | Out-Null
    $log = Join-Path $TestDrive 'calls.log'
    Set-Content -LiteralPath (Join-Path $bin 'gh') -Value @'
#!/usr/bin/env bash
echo "gh $*" >> "$FAKE_LOG"
if [ "$1" = api ] && [ "$2" = --paginate ]; then
  # The --jq filter selects tag_name == "<tag>": print the releases of that tag only.
  tag="$(sed -n 's/.*tag_name == "\([^"]*\)".*/\1/p' <<<"$*")"
  while read -r t id draft; do [ -n "$t" ] && [ "$t" = "$tag" ] && echo "$id $draft"; done <<<"${FAKE_GH_RELEASES-}"
fi
exit 0
'@
    Set-Content -LiteralPath (Join-Path $bin 'dotnet') -Value "#!/usr/bin/env bash`necho `"dotnet `$*`" >> `"`$FAKE_LOG`""
    & chmod +x (Join-Path $bin 'gh') (Join-Path $bin 'dotnet')

    function Invoke-Bash([string] $Script, [string[]] $Arguments, [hashtable] $Environment = @{}, [string] $WorkingDirectory = $TestDrive) {
        Set-Content -LiteralPath $log -Value $null
        $saved = @{}
        $Environment['PATH'] = "${bin}:$env:PATH"; $Environment['FAKE_LOG'] = $log; $Environment['GH_REPO'] = 'owner/repo'
        foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
        Push-Location $WorkingDirectory
        try {
            $output = & bash (Join-Path $scripts $Script) @Arguments 2>&1
            return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = (@($output) | ForEach-Object { "$_" }) -join "`n"; Calls = @(Get-Content -LiteralPath $log | Where-Object { $_ }) }
        } finally {
            Pop-Location
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    function New-TaggedRepository([string[]] $Tags) {
        $repo = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $repo | Out-Null
        & git -C $repo init -q
        & git -C $repo -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m 'Area: first'
        foreach ($tag in $Tags) { & git -C $repo tag $tag }
        return $repo
    }
}

Describe 'Assert-SigningState.ps1' {
    It 'SigningState_WhenCertificateConfiguredButNotSigned_Fails' -TestCases @(@{ Signed = 'false' }, @{ Signed = '' }) {
        { & (Join-Path $scripts 'Assert-SigningState.ps1') -Configured 'true' -Signed $Signed -Where 'build' 6>$null } |
            Should -Throw "build: a signing certificate is configured (secret WMIFIXEDPORT_SIGNING_CERT) but the signing decision is '$Signed', not 'true'*"
    }

    It 'SigningState_WhenSignedWithoutAVisibleCertificate_Fails' {
        { & (Join-Path $scripts 'Assert-SigningState.ps1') -Configured 'false' -Signed 'true' -Where 'publish' 6>$null } |
            Should -Throw "publish: signing is on ('true') but no certificate secret is visible to this job*"
    }

    It 'SigningState_WhenConsistent_Passes' -TestCases @(@{ Configured = 'true'; Signed = 'true' }, @{ Configured = 'false'; Signed = 'false' }) {
        $messages = @(& (Join-Path $scripts 'Assert-SigningState.ps1') -Configured $Configured -Signed $Signed -Where 'build' 6>&1 | ForEach-Object { "$_" })

        $messages | Should -Be @("build: certificate configured: $Configured; signed: $Signed")
    }
}

Describe 'release-latest.sh' {
    It 'Latest_WhenVersionIsTheHighestReleaseTag_IsTrue' {
        $repo = New-TaggedRepository @('v1.2.3', 'v1.10.0', 'v1.9.9', 'v2.0.0-rc1', 'vnext')

        (Invoke-Bash 'release-latest.sh' @('1.10.0') -WorkingDirectory $repo).Output | Should -Be 'true'
    }

    It 'Latest_WhenAHigherReleaseExists_IsFalse' {
        # A hotfix of the 1.2 line tagged after 1.10.0: numbers, not text, decide (1.10.0 > 1.2.4 > 1.9.9 is wrong as text).
        $repo = New-TaggedRepository @('v1.2.3', 'v1.10.0', 'v1.2.4')

        (Invoke-Bash 'release-latest.sh' @('1.2.4') -WorkingDirectory $repo).Output | Should -Be 'false'
    }
}

Describe 'nuget-push.sh' {
    BeforeEach {
        $feed = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $feed | Out-Null
        foreach ($name in 'WmiFixedPort.wixext.1.2.3.nupkg', 'WmiFixedPort.wixext.1.2.3.6.nupkg', 'WmiFixedPort.wixext.1.2.3.7.nupkg') { Set-Content -LiteralPath (Join-Path $feed $name) -Value 'x' }
    }

    It 'Push_WhenBothSecretsAreSet_PushesEveryPackage' {
        $result = Invoke-Bash 'nuget-push.sh' @($feed) @{ NUGET_FEED_URL = 'https://feed.example/v3/index.json'; NUGET_API_KEY = 'key-123' }

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Calls | Should -Be @(
            "dotnet nuget push $feed/WmiFixedPort.wixext.1.2.3.6.nupkg --source https://feed.example/v3/index.json --api-key key-123 --skip-duplicate",
            "dotnet nuget push $feed/WmiFixedPort.wixext.1.2.3.7.nupkg --source https://feed.example/v3/index.json --api-key key-123 --skip-duplicate",
            "dotnet nuget push $feed/WmiFixedPort.wixext.1.2.3.nupkg --source https://feed.example/v3/index.json --api-key key-123 --skip-duplicate")
    }

    It 'Push_WhenNoSecretIsSet_WarnsAndPushesNothing' {
        $result = Invoke-Bash 'nuget-push.sh' @($feed) @{ NUGET_FEED_URL = ''; NUGET_API_KEY = '' }

        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match '::warning::No NuGet feed is configured'
        $result.Calls | Should -BeNullOrEmpty
    }

    It 'Push_WhenOnlyOneSecretIsSet_FailsNamingTheMissingOne' -TestCases @(
        @{ Url = 'https://feed.example/v3/index.json'; Key = ''; Missing = 'NUGET_API_KEY' },
        @{ Url = ''; Key = 'key-123'; Missing = 'NUGET_FEED_URL' }) {
        $result = Invoke-Bash 'nuget-push.sh' @($feed) @{ NUGET_FEED_URL = $Url; NUGET_API_KEY = $Key }

        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match "::error::Secret $Missing is not set but the other NuGet secret is"
        $result.Calls | Should -BeNullOrEmpty
    }

    It 'Push_WhenTheFolderHoldsNoPackage_Fails' {
        $empty = Join-Path $TestDrive 'empty-feed'
        New-Item -ItemType Directory -Force -Path $empty | Out-Null

        $result = Invoke-Bash 'nuget-push.sh' @($empty) @{ NUGET_FEED_URL = 'https://feed.example'; NUGET_API_KEY = 'k' }

        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match '::error::No .nupkg in'
    }
}

Describe 'publish-release.sh' {
    It 'FakeGh_WhenAskedForOneTagsReleases_ListsOnlyThatTag' {
        $result = Invoke-Bash 'publish-release.sh' @('--publish', 'v1.2.3', '1.2.3') @{ FAKE_GH_RELEASES = "v1.2.2 7 true`nv1.2.3 8 true" } -WorkingDirectory (New-TaggedRepository @('v1.2.3'))

        $result.Calls[1] | Should -Be 'gh api -X PATCH repos/owner/repo/releases/8 -F draft=false -f make_latest=true --jq .html_url'
    }

    It 'Draft_WhenARerunFindsItsOwnDrafts_DeletesThemByIdBeforeCreating' {
        $result = Invoke-Bash 'publish-release.sh' @('v1.2.3', '1.2.3', 'notes.md', 'a.msi', 'SHA256SUMS') @{ FAKE_GH_RELEASES = "v1.2.3 11 true`nv1.2.3 12 true`nv1.2.2 5 false" }

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Calls[1..3] | Should -Be @(
            'gh api -X DELETE repos/owner/repo/releases/11',
            'gh api -X DELETE repos/owner/repo/releases/12',
            'gh release create v1.2.3 a.msi SHA256SUMS --draft --verify-tag --title WmiFixedPort 1.2.3 --notes-file notes.md')
    }

    It 'Draft_WhenTheTagIsAlreadyPublished_FailsAndChangesNothing' {
        $result = Invoke-Bash 'publish-release.sh' @('v1.2.3', '1.2.3', 'notes.md', 'a.msi') @{ FAKE_GH_RELEASES = "v1.2.3 11 false" }

        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match '::error::Release v1.2.3 \(id 11\) is already published'
        @($result.Calls | Where-Object { $_ -match 'DELETE|create|PATCH' }) | Should -BeNullOrEmpty
    }

    It 'Publish_WhenAnOlderLineIsReleased_PublishesByIdWithoutMakingItLatest' {
        $repo = New-TaggedRepository @('v1.3.0', 'v1.2.4')

        $result = Invoke-Bash 'publish-release.sh' @('--publish', 'v1.2.4', '1.2.4') @{ FAKE_GH_RELEASES = "v1.2.4 21 true`nv1.3.0 20 false" } -WorkingDirectory $repo

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Calls[-1] | Should -Be 'gh api -X PATCH repos/owner/repo/releases/21 -F draft=false -f make_latest=false --jq .html_url'
    }

    It 'Publish_WhenNoSingleDraftExists_Fails' -TestCases @(@{ Releases = '' }, @{ Releases = "v1.2.3 1 true`nv1.2.3 2 true" }) {
        $result = Invoke-Bash 'publish-release.sh' @('--publish', 'v1.2.3', '1.2.3') @{ FAKE_GH_RELEASES = $Releases } -WorkingDirectory (New-TaggedRepository @('v1.2.3'))

        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match '::error::Expected one draft release of v1.2.3 to publish'
        @($result.Calls | Where-Object { $_ -match 'PATCH' }) | Should -BeNullOrEmpty
    }
}
