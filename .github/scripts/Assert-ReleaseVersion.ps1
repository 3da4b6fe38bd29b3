# Release workflow: every built asset carries the tag's version and nothing else (the version comes from the tag only):
#   - each MSI: Property ProductVersion (read through WindowsInstaller.Installer);
#   - WmiFixedPort.exe: the file version X.Y.Z.0 and a product version X.Y.Z or X.Y.Z+<commit> (its version resource);
#   - each .nupkg: the nuspec <version> and the file name <id>.X.Y.Z.nupkg.
# The Linux CI checks the same flow on the linked output (tests/WmiFixedPort.Release.Tests); this is the check on the
# real artifacts. Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Version,
  [string[]] $Msi = @(),
  [string[]] $Exe = @(),
  [string[]] $Nupkg = @()
)
$ErrorActionPreference = 'Stop'
$problems = New-Object System.Collections.Generic.List[string]

foreach ($path in $Msi) {
  $installer = New-Object -ComObject WindowsInstaller.Installer
  $database = $installer.GetType().InvokeMember('OpenDatabase', 'InvokeMethod', $null, $installer, @((Resolve-Path -LiteralPath $path).Path, 0))
  $view = $database.GetType().InvokeMember('OpenView', 'InvokeMethod', $null, $database, @("SELECT ``Value`` FROM ``Property`` WHERE ``Property`` = 'ProductVersion'"))
  $view.GetType().InvokeMember('Execute', 'InvokeMethod', $null, $view, @()) | Out-Null
  $record = $view.GetType().InvokeMember('Fetch', 'InvokeMethod', $null, $view, @())
  $value = $null
  if ($null -ne $record) { $value = $record.GetType().InvokeMember('StringData', 'GetProperty', $null, $record, @(1)) }
  $view.GetType().InvokeMember('Close', 'InvokeMethod', $null, $view, @()) | Out-Null
  if ($value -ne $Version) { $problems.Add("$path has ProductVersion '$value', expected '$Version'") } else { Write-Host "$path`: ProductVersion $value" }
}

foreach ($path in $Exe) {
  $info = (Get-Item -LiteralPath $path).VersionInfo
  if ($info.FileVersion -ne "$Version.0") { $problems.Add("$path has file version '$($info.FileVersion)', expected '$Version.0'") }
  if ($info.ProductVersion -ne $Version -and -not $info.ProductVersion.StartsWith("$Version+")) { $problems.Add("$path has product version '$($info.ProductVersion)', expected '$Version' or '$Version+<commit>'") }
  Write-Host "$path`: file version $($info.FileVersion), product version $($info.ProductVersion)"
}

Add-Type -AssemblyName System.IO.Compression.FileSystem
foreach ($path in $Nupkg) {
  $zip = [System.IO.Compression.ZipFile]::OpenRead((Resolve-Path -LiteralPath $path).Path)
  try {
    $entry = $zip.Entries | Where-Object { $_.FullName -notmatch '/' -and $_.FullName -like '*.nuspec' } | Select-Object -First 1
    if ($null -eq $entry) { $problems.Add("$path holds no .nuspec"); continue }
    $reader = New-Object System.IO.StreamReader($entry.Open())
    try { $nuspec = [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
  } finally { $zip.Dispose() }
  $id = $nuspec.package.metadata.id
  $value = $nuspec.package.metadata.version
  if ($value -ne $Version) { $problems.Add("$path has nuspec version '$value', expected '$Version'") }
  if ((Split-Path -Leaf $path) -ne "$id.$Version.nupkg") { $problems.Add("$path is not named $id.$Version.nupkg") }
  Write-Host "$path`: $id $value"
}

foreach ($problem in $problems) { Write-Host "::error::$problem" }
if ($problems.Count -gt 0) { throw "$($problems.Count) asset(s) do not carry version $Version (listed above)." }
Write-Host "Every asset carries version $Version."
