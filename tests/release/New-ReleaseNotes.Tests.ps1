# Tests of .github/scripts/New-ReleaseNotes.ps1 on real git repositories built in $TestDrive (git is what the release
# workflow runs it against; no fake). Each test compares the whole output, line by line. Run by .ci/release.sh.

BeforeAll {
    $script = (Resolve-Path (Join-Path $PSScriptRoot '../../.github/scripts/New-ReleaseNotes.ps1')).Path

    function New-Repository {
        $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $path | Out-Null
        Invoke-TestGit $path @('init', '-q', '-b', 'main')
        return $path
    }
    function Invoke-TestGit([string] $Repository, [string[]] $Arguments) {
        $output = & git -C $Repository -c user.name=Tester -c user.email=tester@example.invalid -c commit.gpgsign=false -c tag.gpgsign=false @Arguments
        if ($LASTEXITCODE -ne 0) { throw "git $($Arguments -join ' ') exited with $LASTEXITCODE" }
        return $output
    }
    # Adds an empty commit and returns its abbreviated hash, as the notes print it.
    function Add-Commit([string] $Repository, [string] $Subject) {
        Invoke-TestGit $Repository @('commit', '-q', '--allow-empty', '-m', $Subject) | Out-Null
        return [string](Invoke-TestGit $Repository @('log', '-1', '--format=%h'))
    }
    function Add-Tag([string] $Repository, [string] $Name, [switch] $Annotated) {
        if ($Annotated) { Invoke-TestGit $Repository @('tag', '-a', '-m', "Release $Name", $Name) | Out-Null }
        else { Invoke-TestGit $Repository @('tag', $Name) | Out-Null }
    }
    function Get-Notes([string] $Repository, [string] $Tag, [hashtable] $Extra = @{}) {
        return @(& $script -Tag $Tag -RepositoryPath $Repository @Extra)
    }
}

Describe 'New-ReleaseNotes.ps1' {
    It 'Notes_WhenPreviousReleaseTagExists_ListsLaterCommitsByAreaNewestFirst' {
        $repo = New-Repository
        Add-Commit $repo 'Engine: before the release' | Out-Null
        Add-Tag $repo 'v1.0.0'
        $b = Add-Commit $repo 'Engine: restart once'
        $c = Add-Commit $repo 'README: the download section'
        $typo = Add-Commit $repo 'Fix a typo'
        $d = Add-Commit $repo 'Engine: record before change'
        Add-Tag $repo 'v1.1.0'

        Get-Notes $repo 'v1.1.0' | Should -Be @(
            '## WmiFixedPort 1.1.0', '', 'Changes since v1.0.0: 4 commit(s).',
            '', '### Engine', '', "- record before change ($d)", "- restart once ($b)",
            '', '### README', '', "- the download section ($c)",
            '', '### Other', '', "- Fix a typo ($typo)")
    }

    It 'Notes_WhenNoEarlierReleaseTag_SaysFirstReleaseAndListsEveryCommit' {
        $repo = New-Repository
        $a = Add-Commit $repo 'Engine: first'
        $b = Add-Commit $repo 'Engine: second'
        Add-Tag $repo 'v0.1.0'

        Get-Notes $repo 'v0.1.0' | Should -Be @(
            '## WmiFixedPort 0.1.0', '', 'First release: 2 commit(s).', '', '### Engine', '', "- second ($b)", "- first ($a)")
    }

    It 'Notes_WhenBranchWasMerged_ListsItsCommitsButNotTheMerge' {
        $repo = New-Repository
        Add-Commit $repo 'Base: start' | Out-Null
        Add-Tag $repo 'v1.0.0'
        Invoke-TestGit $repo @('checkout', '-q', '-b', 'topic')
        $topic = Add-Commit $repo 'Topic: work on a branch'
        Invoke-TestGit $repo @('checkout', '-q', 'main')
        $main = Add-Commit $repo 'Main: meanwhile'
        Invoke-TestGit $repo @('merge', '-q', '--no-ff', '-m', 'Merge branch topic', 'topic')
        Add-Tag $repo 'v1.0.1'

        $notes = Get-Notes $repo 'v1.0.1'
        $notes[2] | Should -Be 'Changes since v1.0.0: 2 commit(s).'
        ($notes -join "`n") | Should -Not -Match 'Merge branch'
        $notes | Should -Contain "- work on a branch ($topic)"
        $notes | Should -Contain "- meanwhile ($main)"
    }

    It 'Notes_WhenOtherTagsExist_ComparesWithTheHighestLowerReleaseTagInHistory' {
        $repo = New-Repository
        Add-Commit $repo 'A: one' | Out-Null
        Add-Tag $repo 'v1.0.0'
        Add-Commit $repo 'A: two' | Out-Null
        Add-Tag $repo 'v1.0.1'
        Add-Tag $repo 'nightly'
        $three = Add-Commit $repo 'A: three'
        Add-Tag $repo 'v1.0.2-rc1'
        Invoke-TestGit $repo @('checkout', '-q', '-b', 'other')
        Add-Commit $repo 'A: elsewhere' | Out-Null
        Add-Tag $repo 'v1.0.5'   # higher, lower than the release, but not in its history
        Invoke-TestGit $repo @('checkout', '-q', 'main')
        $four = Add-Commit $repo 'A: four'
        Add-Tag $repo 'v1.1.0'

        Get-Notes $repo 'v1.1.0' | Should -Be @(
            '## WmiFixedPort 1.1.0', '', 'Changes since v1.0.1: 2 commit(s).', '', '### A', '', "- four ($four)", "- three ($three)")
    }

    It 'Notes_WhenTagsAreAnnotated_ResolvesThemToTheirCommits' {
        $repo = New-Repository
        Add-Commit $repo 'A: one' | Out-Null
        Add-Tag $repo 'v2.0.0' -Annotated
        $two = Add-Commit $repo 'A: two'
        Add-Tag $repo 'v2.0.1' -Annotated

        Get-Notes $repo 'v2.0.1' | Should -Be @('## WmiFixedPort 2.0.1', '', 'Changes since v2.0.0: 1 commit(s).', '', '### A', '', "- two ($two)")
    }

    It 'Notes_WhenTheTagSharesItsCommitWithTheLastRelease_SaysNoCommit' {
        $repo = New-Repository
        Add-Commit $repo 'A: one' | Out-Null
        Add-Tag $repo 'v1.0.0'
        Add-Tag $repo 'v1.0.1'

        Get-Notes $repo 'v1.0.1' | Should -Be @('## WmiFixedPort 1.0.1', '', 'Changes since v1.0.0: 0 commit(s).')
    }

    It 'Notes_WhenMoreCommitsThanMaxCommits_ListsTheNewestAndCountsTheRest' {
        $repo = New-Repository
        Add-Commit $repo 'A: base' | Out-Null
        Add-Tag $repo 'v1.0.0'
        Add-Commit $repo 'A: one' | Out-Null
        $two = Add-Commit $repo 'A: two'
        $three = Add-Commit $repo 'B: three'
        Add-Tag $repo 'v1.0.1'

        Get-Notes $repo 'v1.0.1' @{ MaxCommits = 2 } | Should -Be @(
            '## WmiFixedPort 1.0.1', '', 'Changes since v1.0.0: 3 commit(s).',
            '', '### B', '', "- three ($three)", '', '### A', '', "- two ($two)", '', '... and 1 more commit(s).')
    }

    It 'Notes_WhenRepositoryUrlIsGiven_EndsWithTheCompareLink' {
        $repo = New-Repository
        Add-Commit $repo 'A: one' | Out-Null
        Add-Tag $repo 'v1.0.0'
        Add-Commit $repo 'A: two' | Out-Null
        Add-Tag $repo 'v1.0.1'

        $notes = Get-Notes $repo 'v1.0.1' @{ RepositoryUrl = 'https://github.com/example/WmiFixedPort.Setup/' }
        $notes[-1] | Should -Be 'Full list: https://github.com/example/WmiFixedPort.Setup/compare/v1.0.0...v1.0.1'
        $notes[-2] | Should -Be ''
    }

    It 'Notes_WhenTagIs<Name>_RefusesItNamingTheForm' -ForEach @(
        @{ Name = 'TwoParts'; Tag = 'v1.2' }
        @{ Name = 'WithoutV'; Tag = '1.2.3' }
        @{ Name = 'Prerelease'; Tag = 'v1.2.3-rc1' }
        @{ Name = 'LeadingZero'; Tag = 'v1.02.3' }
    ) {
        $repo = New-Repository
        Add-Commit $repo 'A: one' | Out-Null
        { & $script -Tag $Tag -RepositoryPath $repo } | Should -Throw "Tag '$Tag' is not a release tag: the form is vMAJOR.MINOR.PATCH, digits without leading zeros (v1.2.3)."
    }

    It 'Notes_WhenTagDoesNotExist_SaysSo' {
        $repo = New-Repository
        Add-Commit $repo 'A: one' | Out-Null
        { & $script -Tag 'v9.9.9' -RepositoryPath $repo } | Should -Throw "Tag 'v9.9.9' does not exist in $repo (fetch the tags: actions/checkout with fetch-depth 0)."
    }
}
