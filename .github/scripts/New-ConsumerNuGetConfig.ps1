# The nuget.config of a consumer build in CI and in the release (Build-ConsumerSample.ps1): nuget.org for the official
# WiX packages and the local feed for ours, with package source mapping
# (https://learn.microsoft.com/nuget/consume-packages/package-source-mapping): WmiFixedPort.wixext may come only from the
# local feed (the package this run packed, never a same-named package someone published on nuget.org), everything
# else only from nuget.org. Returns the file's text.
# Windows PowerShell 5.1 syntax (the repository's script check parses every .ps1).
param(
  [Parameter(Mandatory)] [string] $Feed,
  [string] $NuGetOrg = 'https://api.nuget.org/v3/index.json'
)
$ErrorActionPreference = 'Stop'
$local = [System.Security.SecurityElement]::Escape($Feed)
$remote = [System.Security.SecurityElement]::Escape($NuGetOrg)
return @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="$remote" />
    <add key="wmifixedport-local" value="$local" />
  </packageSources>
  <packageSourceMapping>
    <clear />
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
    <packageSource key="wmifixedport-local">
      <package pattern="WmiFixedPort.wixext" />
    </packageSource>
  </packageSourceMapping>
</configuration>
"@
