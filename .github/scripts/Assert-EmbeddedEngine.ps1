# Release workflow: every copy of WmiFixedPort.exe that ships is the engine this run built (and signed), byte for byte:
#   -Directory  folders of files extracted from an MSI (Compare-MsiBuilds.ps1's administrative installation,
#               <work>\reference\files): every WmiFixedPort.exe under each, at least one per folder;
#   -Nupkg      extension packages: in each, every wixext*/WmiFixedPort.wixext.dll, its embedded wixlib (the managed
#               resource WmiFixedPort.Wixext.wmifixedport.wixlib, a WiX intermediate: a zip) and the wixlib's
#               wix-ir/WmiFixedPort.exe, the file each consumer's MSI installs.
# Each copy must have the SHA-256 of -Engine. With -Thumbprint (signing on; Windows), each copy and each extension dll
# must also carry a Valid Authenticode signature by that certificate (Get-AuthenticodeSignature): the signed exe really
# is what the MSIs and the package embed, and the dlls were signed before the pack.
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Engine,
  [string[]] $Directory = @(),
  [string[]] $Nupkg = @(),
  [string] $Thumbprint = '',
  [string] $WorkDirectory = ([System.IO.Path]::GetTempPath())
)
$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.IO.Compression
Add-Type -AssemblyName System.IO.Compression.FileSystem
$problems = New-Object System.Collections.Generic.List[string]
$sha = [System.Security.Cryptography.SHA256]::Create()
function Get-Sha256([byte[]] $Bytes) { return ([BitConverter]::ToString($sha.ComputeHash($Bytes))) -replace '-', '' }
function Read-Entry($Entry) {
  $stream = $Entry.Open(); $memory = New-Object System.IO.MemoryStream
  try { $stream.CopyTo($memory) } finally { $stream.Dispose() }
  return ,$memory.ToArray()
}
function Test-Signature([byte[]] $Bytes, [string] $Name, [string] $What) {
  # Get-AuthenticodeSignature reads a file: the bytes go to a file of the same name in a folder of their own.
  if ($Thumbprint -eq '') { return }
  $folder = Join-Path $WorkDirectory ([guid]::NewGuid().ToString('N'))
  New-Item -ItemType Directory -Force -Path $folder | Out-Null
  $file = Join-Path $folder $Name
  [System.IO.File]::WriteAllBytes($file, $Bytes)
  $signature = Get-AuthenticodeSignature -LiteralPath $file
  if ($signature.Status -ne 'Valid') { $problems.Add("$What is not validly signed: $($signature.Status) $($signature.StatusMessage)") }
  elseif ($signature.SignerCertificate.Thumbprint -ne $Thumbprint) { $problems.Add("$What is signed by $($signature.SignerCertificate.Thumbprint), not by $Thumbprint") }
  else { Write-Host "$What`: signed by $($signature.SignerCertificate.Subject)" }
}

$expected = Get-Sha256 ([System.IO.File]::ReadAllBytes((Resolve-Path -LiteralPath $Engine).Path))
Write-Host "The engine: $Engine, SHA-256 $expected"
$checked = 0

foreach ($folder in $Directory) {
  $copies = @(Get-ChildItem -LiteralPath $folder -Recurse -File -Filter 'WmiFixedPort.exe')
  if ($copies.Count -eq 0) { $problems.Add("$folder holds no WmiFixedPort.exe"); continue }
  foreach ($copy in $copies) {
    $bytes = [System.IO.File]::ReadAllBytes($copy.FullName)
    $hash = Get-Sha256 $bytes
    if ($hash -ne $expected) { $problems.Add("$($copy.FullName) has SHA-256 $hash, not the engine's $expected") } else { Write-Host "$($copy.FullName): the engine" }
    Test-Signature $bytes 'WmiFixedPort.exe' $copy.FullName
    $checked++
  }
}

foreach ($package in $Nupkg) {
  $zip = [System.IO.Compression.ZipFile]::OpenRead((Resolve-Path -LiteralPath $package).Path)
  try {
    $dlls = @($zip.Entries | Where-Object { $_.FullName -match '^wixext[^/]*/WmiFixedPort\.wixext\.dll$' })
    if ($dlls.Count -eq 0) { $problems.Add("$package holds no wixext*/WmiFixedPort.wixext.dll"); continue }
    foreach ($dll in $dlls) {
      $where = "$package!$($dll.FullName)"
      $image = Read-Entry $dll
      Test-Signature $image 'WmiFixedPort.wixext.dll' $where
      # Loaded from bytes only to read a resource (no type of it is used): its own load context, no file lock.
      $assembly = [System.Reflection.Assembly]::Load($image)
      $name = @($assembly.GetManifestResourceNames() | Where-Object { $_ -like '*.wmifixedport.wixlib' }) | Select-Object -First 1
      if ($null -eq $name) { $problems.Add("$where embeds no wmifixedport.wixlib"); continue }
      $resource = $assembly.GetManifestResourceStream($name)
      $library = New-Object System.IO.Compression.ZipArchive($resource, [System.IO.Compression.ZipArchiveMode]::Read)
      try {
        $entry = $library.GetEntry('wix-ir/WmiFixedPort.exe')
        if ($null -eq $entry) { $problems.Add("$where!$name embeds no wix-ir/WmiFixedPort.exe"); continue }
        $bytes = Read-Entry $entry
        $hash = Get-Sha256 $bytes
        if ($hash -ne $expected) { $problems.Add("$where!$name!wix-ir/WmiFixedPort.exe has SHA-256 $hash, not the engine's $expected") } else { Write-Host "$where!$name!wix-ir/WmiFixedPort.exe: the engine" }
        Test-Signature $bytes 'WmiFixedPort.exe' "$where!wix-ir/WmiFixedPort.exe"
        $checked++
      } finally { $library.Dispose() }
    }
  } finally { $zip.Dispose() }
}

foreach ($problem in $problems) { Write-Host "::error::$problem" }
if ($problems.Count -gt 0) { throw "$($problems.Count) problem(s) with the embedded engine (listed above)." }
Write-Host "Every embedded WmiFixedPort.exe ($checked) is the engine $Engine."
