# Every .ps1 in the repository must be Windows PowerShell 5.1 syntax. The checker itself is tested first, on
# snippets of each newer construct, so that a checker that finds nothing cannot pass for a clean repository.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers/PowerShell51Syntax.ps1')
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $repoScripts = @(Get-RepositoryPowerShellFile -Root $repoRoot | ForEach-Object {
        @{ Name = $_.FullName.Substring($repoRoot.Length + 1); Path = $_.FullName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers/PowerShell51Syntax.ps1')
    $repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    function Get-ViolationOf([string] $Code, [byte[]] $Bytes) {
        $file = Join-Path $TestDrive ('snippet-' + [guid]::NewGuid().ToString('N') + '.ps1')
        if ($Bytes) { [System.IO.File]::WriteAllBytes($file, $Bytes) } else { [System.IO.File]::WriteAllText($file, $Code) }
        @(Get-PowerShell51SyntaxViolation -Path $file | ForEach-Object { $_.Message })
    }
}

Describe 'Get-PowerShell51SyntaxViolation' {
    It 'GetViolation_WhenSnippetUses<Name>_ReportsIt' -ForEach @(
        @{ Name = 'Ternary'; Code = '$a = $true ? 1 : 2'; Expected = 'ternary operator ?: (PowerShell 7)' }
        @{ Name = 'AndChain'; Code = 'Get-Item . && Get-Item .'; Expected = 'pipeline chain operator && or || (PowerShell 7)' }
        @{ Name = 'OrChain'; Code = 'Get-Item . || Write-Output no'; Expected = 'pipeline chain operator && or || (PowerShell 7)' }
        @{ Name = 'Coalesce'; Code = '$b = $a ?? 5'; Expected = 'null-coalescing operator ?? (PowerShell 7)' }
        @{ Name = 'CoalesceAssign'; Code = '$a ??= 5'; Expected = 'null-coalescing assignment ??= (PowerShell 7)' }
        @{ Name = 'NullConditionalMember'; Code = '${a}?.Length'; Expected = 'null-conditional member access ?. (PowerShell 7)' }
        @{ Name = 'NullConditionalMethod'; Code = '${a}?.ToString()'; Expected = 'null-conditional member access ?. (PowerShell 7)' }
        @{ Name = 'NullConditionalIndex'; Code = '${a}?[0]'; Expected = 'null-conditional index ?[] (PowerShell 7)' }
        @{ Name = 'CleanBlock'; Code = "function f { process { 1 } clean { 2 } }"; Expected = 'clean { } block (PowerShell 7.3)' }
        @{ Name = 'Background'; Code = 'Start-Sleep 1 &'; Expected = 'background operator & at the end of a pipeline (PowerShell 6)' }
        @{ Name = 'Parallel'; Code = '1..3 | ForEach-Object -Parallel { $_ }'; Expected = 'ForEach-Object -Parallel (PowerShell 7)' }
        @{ Name = 'UnicodeEscape'; Code = '$s = "`u{2713}"'; Expected = 'escape `u{...} (PowerShell 6)' }
        @{ Name = 'ParseError'; Code = 'if ($true) {'; Expected = 'parse error: ' }
    ) {
        $messages = Get-ViolationOf -Code $Code
        @($messages | Where-Object { $_.StartsWith($Expected) }).Count | Should -BeGreaterOrEqual 1 -Because "found: $($messages -join ' | ')"
    }

    It 'GetViolation_WhenNonAsciiWithoutBom_ReportsEncoding' {
        $bytes = [System.Text.Encoding]::UTF8.GetBytes("Write-Output 'caf$([char]0xE9)'")
        Get-ViolationOf -Bytes $bytes | Should -Be @('non-ASCII text without a UTF-8 byte order mark (Windows PowerShell 5.1 would read it as ANSI)')
    }

    It 'GetViolation_WhenNonAsciiWithBom_ReportsNothing' {
        $bytes = [byte[]](@(0xEF, 0xBB, 0xBF) + [System.Text.Encoding]::UTF8.GetBytes("Write-Output 'caf$([char]0xE9)'"))
        Get-ViolationOf -Bytes $bytes | Should -BeNullOrEmpty
    }

    It 'GetViolation_WhenOnlyPowerShell51Syntax_ReportsNothing' {
        $code = @'
[CmdletBinding()]
param([string] $Name = 'x')
$items = Get-ChildItem . | ? { $_.Name -like '*?*' } | % { $_.Name }
$h = @{ a = 1 }; $h['a']; $o = [pscustomobject]@{ P = $null }; $o.P
if ($null -eq $o.P -and -not ($items -or $false)) { "${Name}?" }
$x = if ($true) { 1 } else { 2 }
class C { [string] $P }
try { & cmd.exe /c exit 0 } catch { } finally { }
'@
        Get-ViolationOf -Code $code | Should -BeNullOrEmpty
    }

    It 'GetRepositoryPowerShellFile_WhenRepository_IncludesGitHubScriptsAndShippedScripts' {
        $names = @(Get-RepositoryPowerShellFile -Root $repoRoot | ForEach-Object { $_.FullName.Substring($repoRoot.Length + 1).Replace('\', '/') })
        $names | Should -Contain '.github/scripts/Copy-NewMsi.ps1'
        $names | Should -Contain 'packaging/intune/Detect-WmiFixedPort.ps1'
        $names | Should -Contain 'packaging/intune/Remediate-WmiFixedPort.ps1'
        @($names | Where-Object { $_ -match '(^|/)(bin|obj)/' }) | Should -BeNullOrEmpty
    }
}

Describe 'Every .ps1 in the repository' {
    It '<Name> has only Windows PowerShell 5.1 syntax' -ForEach $repoScripts {
        $violations = @(Get-PowerShell51SyntaxViolation -Path $Path | ForEach-Object { "line $($_.Line): $($_.Message)" })
        $violations | Should -BeNullOrEmpty
    }
}
