# Release workflow: every built asset carries the tag's version and nothing else (the version comes from the tag only):
#   - each MSI: Property ProductVersion (read through WindowsInstaller.Installer);
#   - WmiFixedPort.exe: the file version X.Y.Z.0 and a product version X.Y.Z or X.Y.Z+<commit> (its version resource);
#   - each .nupkg: the nuspec <version> is X.Y.Z, or X.Y.Z.6 / X.Y.Z.7 (the extension's packages for WiX 6 and 7,
#     packaging/WmiFixedPort.Wixext/Package), and the file name <id>.<that version>.nupkg; no version twice; with
#     -RequireEveryWixMajor, each of X.Y.Z, X.Y.Z.6 and X.Y.Z.7 is there;
#   - the staged deployment kit (-KitDirectory, New-ReleaseKit.ps1's folder): every .ps1 under it carries the header
#     "# Minimum product version: X.Y.Z " (packaging/kit-source/Build-KitScripts.ps1 writes it), and every
#     $MinimumVersion = '...' default is X.Y.Z; the scripts that judge an installed product (Intune detection, drift,
#     remediation; ConfigMgr detection) must exist and declare at least one such default.
# The Linux CI checks the same flow on the linked output (tests/WmiFixedPort.Release.Tests); this is the check on the
# real artifacts. Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Version,
  [string[]] $Msi = @(),
  [string[]] $Exe = @(),
  [string[]] $Nupkg = @(),
  [switch] $RequireEveryWixMajor,
  [string] $KitDirectory = ''
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
$packageVersions = @{}
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
  $allowed = @($Version, "$Version.6", "$Version.7")
  if ($allowed -notcontains $value) { $problems.Add("$path has nuspec version '$value', expected '$Version' (or '$Version.6', '$Version.7' for WiX 6, 7)") }
  elseif ($packageVersions.ContainsKey($value)) { $problems.Add("$path has nuspec version '$value' like $($packageVersions[$value])") }
  else { $packageVersions[$value] = $path }
  if ((Split-Path -Leaf $path) -ne "$id.$value.nupkg") { $problems.Add("$path is not named $id.$value.nupkg") }
  Write-Host "$path`: $id $value"
}
if ($RequireEveryWixMajor) {
  foreach ($expected in @($Version, "$Version.6", "$Version.7")) {
    if (-not $packageVersions.ContainsKey($expected)) { $problems.Add("no package has version $expected") }
  }
}

if ($KitDirectory -ne '') {
  if (-not (Test-Path -LiteralPath $KitDirectory -PathType Container)) {
    $problems.Add("the kit folder $KitDirectory does not exist")
  } else {
    $KitDirectory = (Resolve-Path -LiteralPath $KitDirectory).Path
    $scripts = @(Get-ChildItem -LiteralPath $KitDirectory -Recurse -File -Filter *.ps1 | Sort-Object -Property FullName)
    if ($scripts.Count -eq 0) { $problems.Add("the kit $KitDirectory holds no .ps1 script") }
    foreach ($script in $scripts) {
      $text = [System.IO.File]::ReadAllText($script.FullName)
      $headers = @([regex]::Matches($text, '(?m)^# Minimum product version: (\S+)') | ForEach-Object { $_.Groups[1].Value })
      if ($headers.Count -eq 0) { $problems.Add("$($script.FullName) has no '# Minimum product version:' header") }
      foreach ($value in $headers) { if ($value -ne $Version) { $problems.Add("$($script.FullName) has the header '# Minimum product version: $value', expected '$Version'") } }
      foreach ($match in [regex]::Matches($text, '\$MinimumVersion\s*=\s*''([^'']*)''')) {
        if ($match.Groups[1].Value -ne $Version) { $problems.Add("$($script.FullName) has `$MinimumVersion = '$($match.Groups[1].Value)', expected '$Version'") }
      }
    }
    foreach ($judge in 'intune/Detect-WmiFixedPort.ps1', 'intune/Detect-WmiFixedPortDrift.ps1', 'intune/Remediate-WmiFixedPort.ps1', 'configmgr/Detect-WmiFixedPort.ps1') {
      $path = Join-Path $KitDirectory $judge
      if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { $problems.Add("the kit lacks $judge"); continue }
      if (-not [regex]::IsMatch([System.IO.File]::ReadAllText($path), '\$MinimumVersion\s*=\s*''')) { $problems.Add("$path declares no `$MinimumVersion = '...' default") }
    }
    Write-Host "$KitDirectory`: $($scripts.Count) kit scripts checked"
  }
}

foreach ($problem in $problems) { Write-Host "::error::$problem" }
if ($problems.Count -gt 0) { throw "$($problems.Count) asset(s) do not carry version $Version (listed above)." }
Write-Host "Every asset carries version $Version."
