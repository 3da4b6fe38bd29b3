# Writes the short changelog of a release tag as Markdown, from the commits since the previous release tag:
#   - the previous release is the highest vX.Y.Z tag below this one whose commit is this tag's commit or one of its
#     ancestors (tags on other branches and tags that are not vX.Y.Z are ignored); none: first release;
#   - merge commits are left out; the others are listed newest first, grouped by the "Area:" their subject starts with
#     (the repository's commit style), groups in the order of their newest commit, subjects without an area last
#     under "Other";
#   - at most -MaxCommits entries; the rest are counted in one line.
# Used by .github/workflows/release.yml (needs the full history: actions/checkout with fetch-depth 0); tested by
# tests/release/New-ReleaseNotes.Tests.ps1 on real git repositories. Windows PowerShell 5.1 syntax.
param(
  [Parameter(Mandatory)] [string] $Tag,
  [string] $RepositoryPath = '.',
  [string] $RepositoryUrl = '',
  [ValidateRange(1, 10000)] [int] $MaxCommits = 100
)
$ErrorActionPreference = 'Stop'
$versionPattern = '^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$'

function Invoke-Git {
  # git's own output lines; throws with git's exit code (its message went to the console on stderr).
  param([string[]] $Arguments)
  $output = & git -C $RepositoryPath @Arguments
  if ($LASTEXITCODE -ne 0) { throw "git $($Arguments -join ' ') exited with $LASTEXITCODE" }
  return @($output)
}

function ConvertTo-TagVersion([string] $Name) {
  if ($Name -notmatch $versionPattern) { return $null }
  return New-Object System.Version -ArgumentList ([int]$Matches[1]), ([int]$Matches[2]), ([int]$Matches[3])
}

function Get-CommitArea([string] $Subject) {
  # "Area: text" where Area is short and has no sentence punctuation: ".ci/run", "Windows lane", "SCM adapter".
  if ($Subject -match '^([^:]{1,40}):\s+\S') {
    $area = $Matches[1].Trim()
    if ($area -notmatch '[.,;!?]\s' -and $area -notmatch '^\s*$') { return $area }
  }
  return $null
}

$version = ConvertTo-TagVersion $Tag
if ($null -eq $version) { throw "Tag '$Tag' is not a release tag: the form is vMAJOR.MINOR.PATCH, digits without leading zeros (v1.2.3)." }
$tagCommit = & git -C $RepositoryPath rev-parse --verify --quiet ('refs/tags/{0}^{{commit}}' -f $Tag)
if ($LASTEXITCODE -ne 0 -or [string]::IsNullOrEmpty($tagCommit)) { throw "Tag '$Tag' does not exist in $RepositoryPath (fetch the tags: actions/checkout with fetch-depth 0)." }

$previous = $null
$previousVersion = $null
foreach ($name in (Invoke-Git @('tag', '--list', 'v*', '--merged', $tagCommit))) {
  $candidate = ConvertTo-TagVersion $name
  if ($null -eq $candidate -or $candidate -ge $version) { continue }
  if ($null -eq $previousVersion -or $candidate -gt $previousVersion) { $previous = $name; $previousVersion = $candidate }
}

$range = $tagCommit
if ($null -ne $previous) { $range = "refs/tags/$previous..$tagCommit" }
# One line per commit: abbreviated hash, unit separator, subject.
$commits = @(Invoke-Git @('log', '--no-merges', '--format=%h%x1f%s', $range) | Where-Object { $_ -ne '' } | ForEach-Object {
  $parts = $_.Split([char]0x1f, 2)
  $area = Get-CommitArea $parts[1]
  $text = $parts[1]
  if ($null -ne $area) { $text = $parts[1].Substring($parts[1].IndexOf(':') + 1).Trim() }
  New-Object PSObject -Property @{ Hash = $parts[0]; Area = $area; Text = $text }
})

$lines = New-Object System.Collections.Generic.List[string]
$lines.Add("## WmiFixedPort $($version.ToString(3))")
$lines.Add('')
if ($null -eq $previous) { $lines.Add("First release: $($commits.Count) commit(s).") }
else { $lines.Add("Changes since ${previous}: $($commits.Count) commit(s).") }

$listed = @($commits | Select-Object -First $MaxCommits)
$groups = New-Object System.Collections.Generic.List[string]
foreach ($commit in $listed) { if ($null -ne $commit.Area -and -not $groups.Contains($commit.Area)) { $groups.Add($commit.Area) } }
foreach ($group in $groups) {
  $lines.Add('')
  $lines.Add("### $group")
  $lines.Add('')
  foreach ($commit in $listed) { if ($commit.Area -ceq $group) { $lines.Add("- $($commit.Text) ($($commit.Hash))") } }
}
$other = @($listed | Where-Object { $null -eq $_.Area })
if ($other.Count -gt 0) {
  $lines.Add('')
  $lines.Add('### Other')
  $lines.Add('')
  foreach ($commit in $other) { $lines.Add("- $($commit.Text) ($($commit.Hash))") }
}
if ($commits.Count -gt $listed.Count) {
  $lines.Add('')
  $lines.Add("... and $($commits.Count - $listed.Count) more commit(s).")
}
if ($RepositoryUrl -ne '' -and $null -ne $previous) {
  $lines.Add('')
  $lines.Add("Full list: $($RepositoryUrl.TrimEnd('/'))/compare/$previous...$Tag")
}
$lines
