# Builds the consumer sample's MSI (packaging/samples/MonitoringAgent) the way an installer author would: pack
# WmiFixedPort.wixext into a local feed, then build the sample, whose only reference is a PackageReference to it,
# with the official WiX SDK from nuget.org. Copies the x64 MSI to $Destination\MonitoringAgent.msi (installed by the
# end-to-end suite) and the ARM64 MSI to $Destination\arm64\MonitoringAgent.msi (built and kept, not installed).
# Throws on any failure; the workflow turns that into a recorded reason (the sample's scenario then fails with it).
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Destination,
  [Parameter(Mandatory)] [string] $Feed,
  [string] $Sample = 'packaging\samples\MonitoringAgent\MonitoringAgent.wixproj',
  [string] $Extension = 'packaging\WmiFixedPort.Wixext\WmiFixedPort.wixext.csproj',
  # Extra MSBuild properties for the pack and the sample's build, e.g. '-p:Version=1.2.3' (the release workflow: the
  # tag's version, and -p:WmiFixedPortExeDir=<signed engine>\ so the package embeds the signed exe).
  [string[]] $MSBuildProperty = @(),
  # Pack what an earlier `dotnet build` of $Extension left (the release signs the extension dll(s) in between).
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
$packArgs = @('pack', $Extension, '-c', 'Release', '-o', $Feed, '-nologo')
if ($env:GITHUB_SERVER_URL -and $env:GITHUB_REPOSITORY) { $packArgs += "-p:RepositoryUrl=$($env:GITHUB_SERVER_URL)/$($env:GITHUB_REPOSITORY)" }
if ($env:GITHUB_SHA) { $packArgs += "-p:SourceRevisionId=$($env:GITHUB_SHA)" }
$packArgs += $MSBuildProperty
if ($NoBuild) { $packArgs += '--no-build' }
& dotnet @packArgs
if ($LASTEXITCODE -ne 0) { throw "dotnet pack $Extension exited with $LASTEXITCODE" }
$package = Get-ChildItem -LiteralPath $Feed -Filter 'WmiFixedPort.wixext.*.nupkg' | Select-Object -First 1
if ($null -eq $package) { throw "dotnet pack wrote no WmiFixedPort.wixext package to $Feed" }
Write-Host "Packed $($package.Name)"

# packaging\nuget.config is ignored by git (.gitignore): written here for this checkout only, with nuget.org for the
# official WiX packages and the local feed for ours, each package id mapped to one source (New-ConsumerNuGetConfig.ps1).
$config = & (Join-Path $PSScriptRoot 'New-ConsumerNuGetConfig.ps1') -Feed $Feed
Set-Content -LiteralPath 'packaging\nuget.config' -Value $config -Encoding UTF8

# Our package version does not change between commits: keep the restore away from any cached copy of an older build.
$env:NUGET_PACKAGES = Join-Path $env:RUNNER_TEMP 'nuget-consumer-sample'
if (Test-Path -LiteralPath $env:NUGET_PACKAGES) { Remove-Item -LiteralPath $env:NUGET_PACKAGES -Recurse -Force }

$out = Join-Path $env:RUNNER_TEMP 'consumer-sample'
function Build-Sample([string] $Platform, [string] $Target) {
  $started = [DateTime]::UtcNow
  # Each platform gets its own output and intermediate folders (Platform alone does not separate them).
  dotnet build $Sample -c Release "-p:Platform=$Platform" "-p:OutputPath=$out\$Platform\bin\" "-p:IntermediateOutputPath=$out\$Platform\obj\" -nologo @MSBuildProperty
  if ($LASTEXITCODE -ne 0) { throw "dotnet build $Sample ($Platform) exited with $LASTEXITCODE" }
  & (Join-Path $PSScriptRoot 'Copy-NewMsi.ps1') -Destination $Target -BuiltAfter $started -SearchRoot "$out\$Platform\bin" -Name 'MonitoringAgent.msi'
}

# x64 is installed by the end-to-end suite: its failure fails this script. ARM64 is only built (no ARM64 runner here):
# its failure is reported as a warning annotation and does not stop the x64 sample's scenario.
Build-Sample 'x64' $Destination
try {
  Build-Sample 'ARM64' (Join-Path $Destination 'arm64')
} catch {
  Write-Host "::warning::The consumer sample's ARM64 MSI was not built: $_"
}
