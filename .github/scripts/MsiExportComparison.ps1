# The comparison half of Compare-MsiBuilds.ps1, apart from Windows Installer so that it is tested anywhere
# (tests/release/MsiExportComparison.Tests.ps1): two folders of exported tables (one <table>.idt per table, binary
# columns as files in sub-folders, as Database.Export writes them), and two trees of files, compared; differences that
# every bind makes are masked and reported as expected. Dot-sourced; defines functions only.
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).

# Summary information PIDs that WiX v5 sets at every bind (BindSummaryInfoCommand): the revision number (PackageCode,
# a new GUID when the authoring says "*") and the times.
$script:MsiBindSummaryProperties = @{ '9' = 'PackageCode (new GUID per bind)'; '11' = 'last printed (bind time)'; '12' = 'created (bind time)'; '13' = 'last saved (bind time)' }

function Get-ComparableIdtLines([string] $File, [string] $Table, [System.Collections.Generic.List[string]] $Expected) {
  # The .idt's lines, with the differences every bind makes replaced by a marker (and recorded in $Expected).
  $lines = @(Get-Content -LiteralPath $File -Encoding UTF8)
  for ($i = 3; $i -lt $lines.Count; $i++) {   # lines 1-3: column names, column types, table name and keys
    $fields = $lines[$i].Split("`t")
    if ($Table -eq 'Property' -and $fields[0] -eq 'ProductCode') { $lines[$i] = "ProductCode`t<differs per bind>"; $Expected.Add('Property ProductCode (new GUID per bind)') }
    if ($Table -eq '_SummaryInformation' -and $script:MsiBindSummaryProperties.ContainsKey($fields[0])) {
      $lines[$i] = "$($fields[0])`t<differs per bind>"; $Expected.Add("summary information PID $($fields[0]): $($script:MsiBindSummaryProperties[$fields[0]])")
    }
  }
  return $lines
}

function Get-FileHashTable([string] $Root) {
  # Relative path ('/' separated) -> SHA-256 of every file under $Root.
  $Root = (Resolve-Path -LiteralPath $Root).Path
  $hashes = @{}
  foreach ($file in (Get-ChildItem -LiteralPath $Root -Recurse -File)) {
    $hashes[$file.FullName.Substring($Root.Length + 1).Replace('\', '/')] = (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash
  }
  return $hashes
}

function Compare-FileTree([string] $Reference, [string] $Candidate, [string] $What, [string] $Exclude = '') {
  # One problem line per file that differs or exists on one side only.
  $a = Get-FileHashTable $Reference
  $b = Get-FileHashTable $Candidate
  $problems = New-Object System.Collections.Generic.List[string]
  foreach ($name in (@($a.Keys) + @($b.Keys) | Sort-Object -Unique)) {
    if ($Exclude -ne '' -and $name -like $Exclude) { continue }
    if (-not $a.ContainsKey($name)) { $problems.Add("$What $name exists only in the second build") }
    elseif (-not $b.ContainsKey($name)) { $problems.Add("$What $name exists only in the first build") }
    elseif ($a[$name] -ne $b[$name]) { $problems.Add("$What $name differs") }
  }
  return $problems
}

function Compare-MsiTableExport([string] $Reference, [string] $Candidate) {
  # Returns @{ Tables = <count>; Expected = <sorted unique lines>; Problems = <lines> }.
  $expected = New-Object System.Collections.Generic.List[string]
  $problems = New-Object System.Collections.Generic.List[string]
  $referenceTables = @(Get-ChildItem -LiteralPath $Reference -Filter *.idt -File | ForEach-Object { $_.BaseName })
  $candidateTables = @(Get-ChildItem -LiteralPath $Candidate -Filter *.idt -File | ForEach-Object { $_.BaseName })
  foreach ($table in (@($referenceTables) + @($candidateTables) | Sort-Object -Unique)) {
    if ($referenceTables -notcontains $table) { $problems.Add("table $table exists only in the second build"); continue }
    if ($candidateTables -notcontains $table) { $problems.Add("table $table exists only in the first build"); continue }
    $a = @(Get-ComparableIdtLines (Join-Path $Reference "$table.idt") $table $expected)
    $b = @(Get-ComparableIdtLines (Join-Path $Candidate "$table.idt") $table $expected)
    foreach ($difference in @(Compare-Object -ReferenceObject $a -DifferenceObject $b -CaseSensitive -SyncWindow ([int]::MaxValue))) {
      $side = 'the first build'; if ($difference.SideIndicator -eq '=>') { $side = 'the second build' }
      $problems.Add("table ${table}: only in ${side}: $($difference.InputObject)")
    }
  }
  # Binary columns (Binary, Icon, ...) are exported as files in a folder named after the table.
  foreach ($problem in (Compare-FileTree $Reference $Candidate 'binary stream' '*.idt')) { $problems.Add($problem) }
  return @{ Tables = $referenceTables.Count; Expected = @($expected | Sort-Object -Unique); Problems = $problems }
}
