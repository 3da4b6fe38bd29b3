<#
.SYNOPSIS
    Writes the deployment kit's self-contained scripts (packaging/intune, packaging/configmgr) from their one source.

.DESCRIPTION
    The one source is this folder: WmiFixedPort.Kit.ps1 (the functions every script shares) and one *.entry.ps1 per
    script (its help, parameters and main part). Each generated script is its entry with the line
    "#include WmiFixedPort.Kit.ps1" replaced by the shared file, {{MinimumVersion}} replaced by -Version (the lowest
    product version the scripts accept as installed: the version of the MSI the kit ships with) and a
    "generated, do not edit" header. Intune and ConfigMgr take each script as one file, so the shared part is copied,
    not imported.

    Runs under PowerShell 7 (Linux, Windows) and Windows PowerShell 5.1. Output: UTF-8 without BOM, LF line ends,
    ASCII only (checked). -Check compares with line ends normalised, so a CRLF checkout (core.autocrlf) passes.

.PARAMETER Version
    x.y.z; default: the <Version> in Directory.Build.props (the product version, one place).

.PARAMETER OutputRoot
    Folder that receives intune/... and configmgr/...; default: the repository's packaging folder (regenerates the
    committed scripts in place).

.PARAMETER Check
    Generate into a temporary folder and compare with the files under OutputRoot: exit code 1 and the differing files
    named when any differs or is missing, 0 when all are equal. Nothing under OutputRoot is written.
#>
[CmdletBinding()]
param(
    [string] $Version,
    [string] $OutputRoot,
    [switch] $Check
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

$sourceRoot = $PSScriptRoot
$repoRoot = (Resolve-Path (Join-Path $sourceRoot '..\..')).Path
if (-not $OutputRoot) { $OutputRoot = Join-Path $repoRoot 'packaging' }
# .NET file calls resolve a relative path against the process directory, not PowerShell's location: make it absolute.
$OutputRoot = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputRoot)

# What is generated: output path (under OutputRoot), its entry, and the values of its placeholders.
$KitScripts = @(
    @{ Output = 'intune/Detect-WmiFixedPort.ps1'; Entry = 'Detect-WmiFixedPort.entry.ps1'; Values = @{ AgentDefault = 'Intune' } },
    @{ Output = 'configmgr/Detect-WmiFixedPort.ps1'; Entry = 'Detect-WmiFixedPort.entry.ps1'; Values = @{ AgentDefault = 'ConfigMgr' } },
    @{ Output = 'intune/Detect-WmiFixedPortDrift.ps1'; Entry = 'Detect-WmiFixedPortDrift.entry.ps1'; Values = @{} },
    @{ Output = 'intune/Remediate-WmiFixedPort.ps1'; Entry = 'Remediate-WmiFixedPort.entry.ps1'; Values = @{} },
    @{ Output = 'intune/Install-WmiFixedPort.ps1'; Entry = 'Install-WmiFixedPort.entry.ps1'; Values = @{} },
    @{ Output = 'intune/Uninstall-WmiFixedPort.ps1'; Entry = 'Uninstall-WmiFixedPort.entry.ps1'; Values = @{} }
)
$SharedFile = 'WmiFixedPort.Kit.ps1'

function Get-ProductVersion([string] $Root) {
    $props = Join-Path $Root 'Directory.Build.props'
    $m = [regex]::Match([System.IO.File]::ReadAllText($props), '<Version(?:\s[^>]*)?>\s*([^<\s]+)\s*</Version>')
    if (-not $m.Success) { throw "no <Version> in $props" }
    $m.Groups[1].Value
}

function Read-Text([string] $Path) { [System.IO.File]::ReadAllText($Path).Replace("`r`n", "`n") }

function New-KitScriptText {
    param([hashtable] $Script, [string] $Version)
    $entry = Read-Text (Join-Path $sourceRoot $Script.Entry)
    $shared = Read-Text (Join-Path $sourceRoot $SharedFile)
    $include = "#include $SharedFile`n"
    $at = $entry.IndexOf($include)
    if ($at -lt 0 -or $entry.IndexOf($include, $at + 1) -ge 0) { throw "$($Script.Entry) must contain the line '#include $SharedFile' exactly once" }
    $region = "#region WmiFixedPort shared (generated from packaging/kit-source/$SharedFile)`n" + $shared.TrimEnd("`n") + "`n#endregion WmiFixedPort shared`n"
    $text = $entry.Substring(0, $at) + $region + $entry.Substring($at + $include.Length)
    $values = @{ MinimumVersion = $Version }
    foreach ($k in $Script.Values.Keys) { $values[$k] = $Script.Values[$k] }
    foreach ($k in $values.Keys) { $text = $text.Replace('{{' + $k + '}}', $values[$k]) }
    $left = [regex]::Match($text, '\{\{\w+\}\}')
    if ($left.Success) { throw "$($Script.Entry): placeholder $($left.Value) has no value for $($Script.Output)" }
    $header = "# GENERATED FILE - DO NOT EDIT. Source: packaging/kit-source/$($Script.Entry) and $SharedFile;`n" +
        "# regenerate with: pwsh packaging/kit-source/Build-KitScripts.ps1 (CI runs it with -Check and fails on a difference).`n" +
        "# Minimum product version: $Version (the version of the MSI this kit ships with).`n"
    $text = $header + $text
    $bad = [regex]::Match($text, '[^\x09\x0A\x20-\x7E]')
    if ($bad.Success) { throw "$($Script.Entry): non-ASCII character U+$(([int][char]$bad.Value).ToString('X4')) (Windows PowerShell 5.1 reads BOM-less files as ANSI)" }
    $text
}

if (-not $Version) { $Version = Get-ProductVersion $repoRoot }
if ($Version -notmatch '^\d{1,3}\.\d{1,3}\.\d{1,5}$') {
    throw "-Version '$Version' is not a product version: x.y.z with x, y at most 255 and z at most 65535 (Windows Installer's ProductVersion)"
}
$v = [version]$Version
if ($v.Major -gt 255 -or $v.Minor -gt 255 -or $v.Build -gt 65535) {
    throw "-Version '$Version' is not a product version: x.y.z with x, y at most 255 and z at most 65535 (Windows Installer's ProductVersion)"
}

$target = $OutputRoot
if ($Check) { $target = Join-Path ([System.IO.Path]::GetTempPath()) ('wfp-kit-' + [guid]::NewGuid().ToString('N')) }
$utf8 = New-Object System.Text.UTF8Encoding($false)
$different = New-Object System.Collections.Generic.List[string]
try {
    foreach ($s in $KitScripts) {
        $text = New-KitScriptText -Script $s -Version $Version
        $path = Join-Path $target $s.Output
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path) | Out-Null
        [System.IO.File]::WriteAllText($path, $text, $utf8)
        if ($Check) {
            $committed = Join-Path $OutputRoot $s.Output
            if (-not (Test-Path -LiteralPath $committed -PathType Leaf)) { $different.Add("$($s.Output) (missing)") }
            elseif ((Read-Text $committed) -cne $text) { $different.Add($s.Output) }
        } else {
            Write-Output "wrote $($s.Output) (minimum version $Version)"
        }
    }
} finally {
    if ($Check) { Remove-Item -Recurse -Force -LiteralPath $target -ErrorAction SilentlyContinue }
}
if ($Check) {
    if ($different.Count -gt 0) {
        Write-Output "kit scripts differ from their source (packaging/kit-source) for version ${Version}: $($different -join ', ')"
        Write-Output 'run: pwsh packaging/kit-source/Build-KitScripts.ps1 and commit the result'
        exit 1
    }
    Write-Output "kit scripts: $($KitScripts.Count) generated files equal their source (version $Version)"
}
exit 0
