# Builds the consumer sample's MSI (packaging/samples/MonitoringAgent) the way an installer author would: pack
# WmiFixedPort.wixext into a local feed (the one pack command, as .ci/wixext.sh and a release run it), then build the
# sample, whose only reference is a PackageReference to it, with the official WiX SDK from nuget.org.
# -WixMajor 5 (default): the repository's sample project (WiX 5.0.2, Directory.Packages.props). Copies the x64 MSI to
# $Destination\MonitoringAgent.msi (installed by the end-to-end suite) and the ARM64 MSI to $Destination\arm64\ (built
# and kept, not installed).
# -WixMajor 6 or 7: the sample's Package.wxs in a consumer project of that major, written as another team would
# (Sdk="WixToolset.Sdk/<version>", our package version made for that major, v7: AcceptEula=wix7, the v7 test consumer's
# acceptance), x64 and ARM64 MSIs to $Destination and $Destination\arm64 (built, not installed). -NoPack uses the
# packages already in $Feed.
# Throws on any failure; the workflow turns that into a recorded reason (the sample's scenario then fails with it).
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Destination,
  [Parameter(Mandatory)] [string] $Feed,
  [string] $Sample = 'packaging\samples\MonitoringAgent\MonitoringAgent.wixproj',
  [string] $Extension = 'packaging\WmiFixedPort.Wixext\Package\WmiFixedPort.wixext.Package.csproj',
  [ValidateSet('5', '6', '7')] [string] $WixMajor = '5',
  [switch] $NoPack,
  # Extra MSBuild properties for the pack and the sample's build, e.g. '-p:Version=1.2.3' (the release workflow: the
  # tag's version, and -p:WmiFixedPortExeDir=<signed engine>\ so the package embeds the signed exe).
  [string[]] $MSBuildProperty = @(),
  # Pack what an earlier `dotnet build` of $Extension left (the release signs the extension dlls in between).
  [switch] $NoBuild
)
$ErrorActionPreference = 'Stop'
foreach ($path in @($Sample, $Extension)) {
  if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { throw "$path does not exist in this checkout." }
}

New-Item -ItemType Directory -Force -Path $Feed | Out-Null
$Feed = (Resolve-Path -LiteralPath $Feed).Path
# The package's repository metadata (nuspec <repository url commit>): this run's repository and commit, from GitHub's
# own environment (.ci/wixext.sh passes the commit on Linux).
if (-not $NoPack) {
  $packArgs = @('pack', $Extension, '-c', 'Release', '-o', $Feed, '-nologo')
  if ($env:GITHUB_SERVER_URL -and $env:GITHUB_REPOSITORY) { $packArgs += "-p:RepositoryUrl=$($env:GITHUB_SERVER_URL)/$($env:GITHUB_REPOSITORY)" }
  if ($env:GITHUB_SHA) { $packArgs += "-p:SourceRevisionId=$($env:GITHUB_SHA)" }
  $packArgs += $MSBuildProperty
  if ($NoBuild) { $packArgs += '--no-build' }
  & dotnet @packArgs
  if ($LASTEXITCODE -ne 0) { throw "dotnet pack $Extension exited with $LASTEXITCODE" }
}
# The WiX 5 package is X.Y.Z; the WiX 6 and 7 packages X.Y.Z.6 and X.Y.Z.7 (packaging/README.md, "WiX versions").
$package = Get-ChildItem -LiteralPath $Feed -Filter 'WmiFixedPort.wixext.*.nupkg' |
  Where-Object { $_.Name -match '^WmiFixedPort\.wixext\.(\d+\.\d+\.\d+)\.nupkg$' } | Select-Object -First 1
if ($null -eq $package) { throw "dotnet pack wrote no WmiFixedPort.wixext X.Y.Z package to $Feed" }
$baseVersion = $package.Name -replace '^WmiFixedPort\.wixext\.', '' -replace '\.nupkg$', ''
$ourVersion = $baseVersion
if ($WixMajor -ne '5') { $ourVersion = "$baseVersion.$WixMajor" }
if (-not (Test-Path -LiteralPath (Join-Path $Feed "WmiFixedPort.wixext.$ourVersion.nupkg") -PathType Leaf)) {
  throw "no WmiFixedPort.wixext $ourVersion package (WiX $WixMajor) in $Feed"
}
Write-Host "Consumer sample with WiX $($WixMajor): WmiFixedPort.wixext $ourVersion"

# packaging\nuget.config is ignored by git (.gitignore): written here for this checkout only, with nuget.org for the
# official WiX packages and the local feed for ours, each package id mapped to one source (New-ConsumerNuGetConfig.ps1).
$config = & (Join-Path $PSScriptRoot 'New-ConsumerNuGetConfig.ps1') -Feed $Feed
Set-Content -LiteralPath 'packaging\nuget.config' -Value $config -Encoding UTF8

# Our package version does not change between commits: keep the restore away from any cached copy of an older build.
$env:NUGET_PACKAGES = Join-Path $env:RUNNER_TEMP "nuget-consumer-sample-wix$WixMajor"
if (Test-Path -LiteralPath $env:NUGET_PACKAGES) { Remove-Item -LiteralPath $env:NUGET_PACKAGES -Recurse -Force }

$out = Join-Path $env:RUNNER_TEMP "consumer-sample-wix$WixMajor"
if ($WixMajor -ne '5') {
  # The WiX version of that major, where it is pinned (packaging/WmiFixedPort.Wixext/WixMajor.props).
  [xml] $majors = Get-Content -LiteralPath 'packaging\WmiFixedPort.Wixext\WixMajor.props' -Raw
  $wixVersion = @($majors.Project.PropertyGroup)[0]."WmiFixedPortWix$($WixMajor)Version"
  if (-not $wixVersion) { throw "WixMajor.props names no WmiFixedPortWix$($WixMajor)Version" }
  $consumer = Join-Path $env:RUNNER_TEMP "consumer-wix$WixMajor"
  if (Test-Path -LiteralPath $consumer) { Remove-Item -LiteralPath $consumer -Recurse -Force }
  New-Item -ItemType Directory -Force -Path $consumer | Out-Null
  Copy-Item -LiteralPath (Join-Path (Split-Path -Parent $Sample) 'Package.wxs') -Destination $consumer
  Copy-Item -LiteralPath 'packaging\nuget.config' -Destination $consumer
  $eula = ''
  if ($WixMajor -eq '7') {
    $eula = "`r`n    <!-- WiX v7: this test consumer accepts the OSMF EULA, as every v7 consumer must in its own project. -->`r`n    <AcceptEula>wix7</AcceptEula>"
  }
  $project = @"
<Project Sdk="WixToolset.Sdk/$wixVersion">
  <PropertyGroup>
    <OutputName>MonitoringAgent</OutputName>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>$eula
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="WmiFixedPort.wixext" Version="$ourVersion" />
  </ItemGroup>
</Project>
"@
  Set-Content -LiteralPath (Join-Path $consumer 'MonitoringAgent.wixproj') -Value $project -Encoding UTF8
  $Sample = Join-Path $consumer 'MonitoringAgent.wixproj'
}

function Build-Sample([string] $Platform, [string] $Target) {
  $started = [DateTime]::UtcNow
  # Each platform gets its own output and intermediate folders (Platform alone does not separate them).
  dotnet build $Sample -c Release "-p:Platform=$Platform" "-p:OutputPath=$out\$Platform\bin\" "-p:IntermediateOutputPath=$out\$Platform\obj\" -nologo @MSBuildProperty
  if ($LASTEXITCODE -ne 0) { throw "dotnet build $Sample ($Platform, WiX $WixMajor) exited with $LASTEXITCODE" }
  & (Join-Path $PSScriptRoot 'Copy-NewMsi.ps1') -Destination $Target -BuiltAfter $started -SearchRoot "$out\$Platform\bin" -Name 'MonitoringAgent.msi'
}

# x64 is installed by the end-to-end suite (WiX 5): its failure fails this script. ARM64 is only built (no ARM64 runner
# here): with WiX 5 its failure is reported as a warning annotation and does not stop the x64 sample's scenario; with
# WiX 6 and 7 (built, not installed) every failure fails the script.
Build-Sample 'x64' $Destination
if ($WixMajor -ne '5') {
  Build-Sample 'ARM64' (Join-Path $Destination 'arm64')
} else {
  try {
    Build-Sample 'ARM64' (Join-Path $Destination 'arm64')
  } catch {
    Write-Host "::warning::The consumer sample's ARM64 MSI was not built: $_"
  }
}
