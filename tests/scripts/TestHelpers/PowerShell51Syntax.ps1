# Finds syntax in a .ps1 file that Windows PowerShell 5.1 does not have. It parses with the PowerShell 7 parser
# (which knows the newer syntax) and walks the syntax tree for the nodes and flags that only PowerShell 6/7 have.
# Scripts we ship run on Windows PowerShell 5.1 (Intune, ConfigMgr, Group Policy and the Windows lane).

function Get-PowerShell51SyntaxViolation {
    param([Parameter(Mandatory)] [string] $Path)
    $tokens = $null
    $parseErrors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $parseErrors)
    $found = New-Object System.Collections.Generic.List[object]
    function Add-Violation([int] $Line, [string] $What) {
        $found.Add([pscustomobject]@{ Path = $Path; Line = $Line; Message = $What })
    }

    foreach ($e in $parseErrors) { Add-Violation $e.Extent.StartLineNumber "parse error: $($e.Message)" }

    foreach ($node in $ast.FindAll({ param($n) $true }, $true)) {
        $line = $node.Extent.StartLineNumber
        switch ($node.GetType().Name) {
            'TernaryExpressionAst' { Add-Violation $line 'ternary operator ?: (PowerShell 7)' }
            'PipelineChainAst' { Add-Violation $line 'pipeline chain operator && or || (PowerShell 7)' }
            'BinaryExpressionAst' {
                if ($node.Operator.ToString() -eq 'QuestionQuestion') { Add-Violation $line 'null-coalescing operator ?? (PowerShell 7)' }
            }
            'AssignmentStatementAst' {
                if ($node.Operator.ToString() -eq 'QuestionQuestionEquals') { Add-Violation $line 'null-coalescing assignment ??= (PowerShell 7)' }
            }
            { $_ -in 'MemberExpressionAst', 'InvokeMemberExpressionAst' } {
                if ($node.NullConditional) { Add-Violation $line 'null-conditional member access ?. (PowerShell 7)' }
            }
            'IndexExpressionAst' {
                if ($node.NullConditional) { Add-Violation $line 'null-conditional index ?[] (PowerShell 7)' }
            }
            'ScriptBlockAst' {
                if ($null -ne $node.CleanBlock) { Add-Violation $node.CleanBlock.Extent.StartLineNumber 'clean { } block (PowerShell 7.3)' }
            }
            'PipelineAst' {
                if ($node.Background) { Add-Violation $line 'background operator & at the end of a pipeline (PowerShell 6)' }
            }
            'CommandAst' {
                $name = $node.GetCommandName()
                if ($name -in 'ForEach-Object', 'foreach', '%') {
                    foreach ($p in $node.CommandElements) {
                        if ($p -is [System.Management.Automation.Language.CommandParameterAst] -and 'Parallel'.StartsWith($p.ParameterName, [System.StringComparison]::OrdinalIgnoreCase) -and $p.ParameterName.Length -ge 2) {
                            Add-Violation $line 'ForEach-Object -Parallel (PowerShell 7)'
                        }
                    }
                }
            }
        }
    }

    foreach ($t in $tokens) {
        if ($t.Kind -in 'StringExpandable', 'HereStringExpandable' -and $t.Text -match '`u\{') {
            Add-Violation $t.Extent.StartLineNumber 'escape `u{...} (PowerShell 6)'
        }
    }

    # Windows PowerShell 5.1 reads a file without a byte order mark in the ANSI code page.
    $bytes = [System.IO.File]::ReadAllBytes($Path)
    $hasBom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
    if (-not $hasBom -and @($bytes | Where-Object { $_ -gt 0x7F }).Count -gt 0) {
        Add-Violation 1 'non-ASCII text without a UTF-8 byte order mark (Windows PowerShell 5.1 would read it as ANSI)'
    }
    $found.ToArray()
}

function Get-RepositoryPowerShellFile {
    # Every .ps1 in the repository (the .github scripts included), not build output or restored packages.
    param([Parameter(Mandatory)] [string] $Root)
    $skip = '[\\/](bin|obj|\.git|node_modules|TestResults|artifacts)[\\/]'
    Get-ChildItem -LiteralPath $Root -Recurse -File -Force -Filter '*.ps1' |
        Where-Object { $_.FullName.Substring($Root.Length) -notmatch $skip } |
        Sort-Object FullName
}
