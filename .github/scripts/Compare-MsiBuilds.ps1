# Reproducibility check of the release workflow: two MSIs built from the same commit with the same inputs must hold the
# same tables and the same files. Compares, through the Windows Installer automation interface (WindowsInstaller.Installer,
# https://learn.microsoft.com/windows/win32/msi/installer-object):
#   - every table, exported as text (Database.Export, one .idt per table, binary columns as files beside it), line by line;
#   - the summary information stream (exported as the _SummaryInformation table,
#     https://learn.microsoft.com/windows/win32/msi/-summaryinformation);
#   - every file the package installs, extracted by an administrative installation (msiexec /a, which copies the files to
#     TARGETDIR and runs none of the product's custom actions), by SHA-256.
# Expected to differ, and reported without failing (why: README, Cutting a release):
#   - Property ProductCode: Package.wxs leaves ProductCode to WiX ("*"), which draws a new GUID at every bind;
#   - summary information PID 9 (revision number = PackageCode): "*" too, a new GUID at every bind (WiX v5,
#     BindSummaryInfoCommand: Common.GenerateGuid()); PIDs 11, 12, 13 (printed/created/last saved): the bind's time.
# Anything else that differs fails the script with the differing lines. -SkipFiles compares the tables only (an MSI for
# another processor cannot be installed administratively on this runner).
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Reference,
  [Parameter(Mandatory)] [string] $Candidate,
  [Parameter(Mandatory)] [string] $WorkDirectory,
  [switch] $SkipFiles
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'MsiExportComparison.ps1')

function Invoke-Com($Object, [string] $Method, [object[]] $Arguments) {
  # The Windows Installer objects have no type library PowerShell can use: late-bound calls.
  return $Object.GetType().InvokeMember($Method, [System.Reflection.BindingFlags]::InvokeMethod, $null, $Object, $Arguments)
}
function Get-ComProperty($Object, [string] $Name, [object[]] $Arguments) {
  return $Object.GetType().InvokeMember($Name, [System.Reflection.BindingFlags]::GetProperty, $null, $Object, $Arguments)
}

function Export-MsiTables([string] $Msi, [string] $Folder) {
  New-Item -ItemType Directory -Force -Path $Folder | Out-Null
  $installer = New-Object -ComObject WindowsInstaller.Installer
  $database = Invoke-Com $installer 'OpenDatabase' @($Msi, 0)   # 0: msiOpenDatabaseModeReadOnly
  $view = Invoke-Com $database 'OpenView' @('SELECT `Name` FROM `_Tables`')
  Invoke-Com $view 'Execute' @() | Out-Null
  $tables = New-Object System.Collections.Generic.List[string]
  while ($null -ne ($record = Invoke-Com $view 'Fetch' @())) { $tables.Add((Get-ComProperty $record 'StringData' @(1))) }
  Invoke-Com $view 'Close' @() | Out-Null
  $tables.Add('_SummaryInformation')
  foreach ($table in $tables) { Invoke-Com $database 'Export' @($table, $Folder, "$table.idt") | Out-Null }
  [System.Runtime.InteropServices.Marshal]::ReleaseComObject($database) | Out-Null
  return $tables
}

function Expand-MsiFiles([string] $Msi, [string] $Target, [string] $Log) {
  New-Item -ItemType Directory -Force -Path $Target | Out-Null
  $arguments = @('/a', "`"$Msi`"", '/qn', "TARGETDIR=`"$Target`"", '/l*v', "`"$Log`"")
  $process = Start-Process -FilePath "$env:SystemRoot\System32\msiexec.exe" -ArgumentList $arguments -Wait -PassThru
  if ($process.ExitCode -ne 0) { throw "msiexec /a $Msi exited with $($process.ExitCode) (log: $Log)" }
  # The administrative image also holds a copy of the package (its tables, uncompressed): leave it out, the tables
  # were compared above.
  Get-ChildItem -LiteralPath $Target -Filter *.msi -File | Remove-Item -Force
}

New-Item -ItemType Directory -Force -Path $WorkDirectory | Out-Null
$WorkDirectory = (Resolve-Path -LiteralPath $WorkDirectory).Path
$referenceMsi = (Resolve-Path -LiteralPath $Reference).Path
$candidateMsi = (Resolve-Path -LiteralPath $Candidate).Path
Export-MsiTables $referenceMsi (Join-Path $WorkDirectory 'reference\tables') | Out-Null
Export-MsiTables $candidateMsi (Join-Path $WorkDirectory 'candidate\tables') | Out-Null
$tables = Compare-MsiTableExport (Join-Path $WorkDirectory 'reference\tables') (Join-Path $WorkDirectory 'candidate\tables')
$expected = $tables.Expected
$problems = New-Object System.Collections.Generic.List[string]
foreach ($problem in $tables.Problems) { $problems.Add($problem) }
if ($tables.Tables -eq 0) { $problems.Add("no table was exported from $Reference") }

$fileCount = 0
if (-not $SkipFiles) {
  Expand-MsiFiles $referenceMsi (Join-Path $WorkDirectory 'reference\files') (Join-Path $WorkDirectory 'reference-admin.log')
  Expand-MsiFiles $candidateMsi (Join-Path $WorkDirectory 'candidate\files') (Join-Path $WorkDirectory 'candidate-admin.log')
  foreach ($problem in (Compare-FileTree (Join-Path $WorkDirectory 'reference\files') (Join-Path $WorkDirectory 'candidate\files') 'installed file')) { $problems.Add($problem) }
  $fileCount = @(Get-ChildItem -LiteralPath (Join-Path $WorkDirectory 'reference\files') -Recurse -File).Count
  if ($fileCount -eq 0) { $problems.Add("the administrative installation of $Reference extracted no file") }
}

foreach ($line in $expected) { Write-Host "Differs, as expected: $line" }
if ($problems.Count -gt 0) {
  foreach ($problem in $problems) { Write-Host "::error::$problem" }
  throw "$Reference (first build) and $Candidate (second build) differ in $($problems.Count) place(s) beyond the expected ones (listed above)."
}
$filesNote = 'files not compared (-SkipFiles)'
if (-not $SkipFiles) { $filesNote = "$fileCount installed files identical" }
Write-Host "Reproducible: $($tables.Tables) tables identical apart from the expected differences; $filesNote."
