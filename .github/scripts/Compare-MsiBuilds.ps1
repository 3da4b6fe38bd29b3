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
$expectedSummary = @{ '9' = 'PackageCode (new GUID per bind)'; '11' = 'last printed (bind time)'; '12' = 'created (bind time)'; '13' = 'last saved (bind time)' }

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

function Get-ComparableLines([string] $File, [string] $Table, [System.Collections.Generic.List[string]] $Expected) {
  # The .idt's lines, with the expected differences replaced by a marker (and recorded once).
  $lines = @(Get-Content -LiteralPath $File -Encoding UTF8)
  for ($i = 3; $i -lt $lines.Count; $i++) {   # lines 1-3: column names, types, table name and keys
    $fields = $lines[$i].Split("`t")
    if ($Table -eq 'Property' -and $fields[0] -eq 'ProductCode') { $lines[$i] = "ProductCode`t<differs per bind>"; $Expected.Add('Property ProductCode') }
    if ($Table -eq '_SummaryInformation' -and $expectedSummary.ContainsKey($fields[0])) {
      $lines[$i] = "$($fields[0])`t<differs per bind>"; $Expected.Add("summary information PID $($fields[0]): $($expectedSummary[$fields[0]])")
    }
  }
  return $lines
}

function Get-FileHashes([string] $Root) {
  $hashes = @{}
  foreach ($file in (Get-ChildItem -LiteralPath $Root -Recurse -File)) {
    $hashes[$file.FullName.Substring($Root.Length + 1)] = (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash
  }
  return $hashes
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
$expected = New-Object System.Collections.Generic.List[string]
$problems = New-Object System.Collections.Generic.List[string]

$referenceTables = Export-MsiTables (Resolve-Path -LiteralPath $Reference).Path (Join-Path $WorkDirectory 'reference\tables')
$candidateTables = Export-MsiTables (Resolve-Path -LiteralPath $Candidate).Path (Join-Path $WorkDirectory 'candidate\tables')
foreach ($table in (@($referenceTables) + @($candidateTables) | Sort-Object -Unique)) {
  if ($referenceTables -cnotcontains $table) { $problems.Add("table $table exists only in $Candidate"); continue }
  if ($candidateTables -cnotcontains $table) { $problems.Add("table $table exists only in $Reference"); continue }
  $a = Get-ComparableLines (Join-Path $WorkDirectory "reference\tables\$table.idt") $table $expected
  $b = Get-ComparableLines (Join-Path $WorkDirectory "candidate\tables\$table.idt") $table $expected
  foreach ($difference in @(Compare-Object -ReferenceObject $a -DifferenceObject $b -CaseSensitive -SyncWindow ([int]::MaxValue))) {
    $side = $Reference; if ($difference.SideIndicator -eq '=>') { $side = $Candidate }
    $problems.Add("table ${table}: only in ${side}: $($difference.InputObject)")
  }
}
# Binary columns (Binary, Icon, ...) are exported as files in a folder named after the table.
$referenceBinaries = Get-FileHashes (Join-Path $WorkDirectory 'reference\tables')
$candidateBinaries = Get-FileHashes (Join-Path $WorkDirectory 'candidate\tables')
foreach ($name in (@($referenceBinaries.Keys) + @($candidateBinaries.Keys) | Where-Object { $_ -notlike '*.idt' } | Sort-Object -Unique)) {
  if ($referenceBinaries[$name] -ne $candidateBinaries[$name]) { $problems.Add("binary stream $name differs (or exists in one package only)") }
}
$tableCount = @($referenceTables).Count

$fileCount = 0
if (-not $SkipFiles) {
  Expand-MsiFiles (Resolve-Path -LiteralPath $Reference).Path (Join-Path $WorkDirectory 'reference\files') (Join-Path $WorkDirectory 'reference-admin.log')
  Expand-MsiFiles (Resolve-Path -LiteralPath $Candidate).Path (Join-Path $WorkDirectory 'candidate\files') (Join-Path $WorkDirectory 'candidate-admin.log')
  $referenceFiles = Get-FileHashes (Join-Path $WorkDirectory 'reference\files')
  $candidateFiles = Get-FileHashes (Join-Path $WorkDirectory 'candidate\files')
  if ($referenceFiles.Count -eq 0) { $problems.Add("the administrative installation of $Reference extracted no file") }
  foreach ($name in (@($referenceFiles.Keys) + @($candidateFiles.Keys) | Sort-Object -Unique)) {
    if ($referenceFiles[$name] -ne $candidateFiles[$name]) { $problems.Add("installed file $name differs (or exists in one package only)") }
  }
  $fileCount = $referenceFiles.Count
}

foreach ($line in ($expected | Sort-Object -Unique)) { Write-Host "Differs, as expected: $line" }
if ($problems.Count -gt 0) {
  foreach ($problem in $problems) { Write-Host "::error::$problem" }
  throw "$Reference and $Candidate differ in $($problems.Count) place(s) beyond the expected ones (listed above)."
}
$filesNote = 'files not compared (-SkipFiles)'
if (-not $SkipFiles) { $filesNote = "$fileCount installed files identical" }
Write-Host "Reproducible: $tableCount tables identical apart from the expected differences; $filesNote."
