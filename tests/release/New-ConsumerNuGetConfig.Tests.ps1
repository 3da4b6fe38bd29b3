# Tests of .github/scripts/New-ConsumerNuGetConfig.ps1 with a real NuGet restore (dotnet restore on this machine): two
# folder feeds stand in for nuget.org and the local feed. "nuget.org" offers a higher WmiFixedPort.wixext than the one
# packed locally (a package squatting our id); with source mapping the restore must still take ours. Without mapping a
# floating reference takes the highest version from any source (https://learn.microsoft.com/nuget/concepts/dependency-resolution),
# which is what the test's first case shows: the feeds are real, not simulated.

BeforeAll {
    $script = (Resolve-Path (Join-Path $PSScriptRoot '../../.github/scripts/New-ConsumerNuGetConfig.ps1')).Path
    function New-Package([string] $Folder, [string] $Version) {
        # A package with only its nuspec: enough for a folder feed and a restore (no assets to reference).
        New-Item -ItemType Directory -Force -Path $Folder | Out-Null
        $path = Join-Path $Folder "WmiFixedPort.wixext.$Version.nupkg"
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::Open($path, 'Create')
        try {
            $writer = New-Object IO.StreamWriter($zip.CreateEntry('WmiFixedPort.wixext.nuspec').Open())
            $writer.Write("<?xml version=`"1.0`"?><package xmlns=`"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd`"><metadata><id>WmiFixedPort.wixext</id><version>$Version</version><authors>t</authors><description>t</description></metadata></package>")
            $writer.Dispose()
        } finally { $zip.Dispose() }
    }
    function Invoke-Restore([string] $Config) {
        $project = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $project | Out-Null
        Set-Content -LiteralPath (Join-Path $project 'nuget.config') -Value $Config
        Set-Content -LiteralPath (Join-Path $project 'Consumer.csproj') -Value @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageReference Include="WmiFixedPort.wixext" Version="1.*" /></ItemGroup>
</Project>
'@
        $packages = Join-Path $project 'packages'
        $saved = $env:NUGET_PACKAGES
        try {
            $env:NUGET_PACKAGES = $packages
            $output = & dotnet restore (Join-Path $project 'Consumer.csproj') --configfile (Join-Path $project 'nuget.config') -nologo 2>&1
        } finally { $env:NUGET_PACKAGES = $saved }
        if ($LASTEXITCODE -ne 0) { throw "dotnet restore failed: $output" }
        return @(Get-ChildItem -LiteralPath (Join-Path $packages 'wmifixedport.wixext') -Directory | ForEach-Object Name)
    }
    $local = Join-Path $TestDrive 'local'
    $squatter = Join-Path $TestDrive 'nuget-org'
    New-Package $local '1.2.3'
    New-Package $squatter '1.9.9'
}

Describe 'New-ConsumerNuGetConfig.ps1' {
    It 'Restore_WithoutSourceMapping_TakesTheSquattersHigherVersion' {
        # The same two sources without <packageSourceMapping>: the situation the mapping is there to prevent.
        $config = (& $script -Feed $local -NuGetOrg $squatter) -replace '(?s)\s*<packageSourceMapping>.*</packageSourceMapping>', ''

        Invoke-Restore $config | Should -Be @('1.9.9')
    }

    It 'Restore_WithTheGeneratedConfig_TakesOurPackageFromTheLocalFeedOnly' {
        Invoke-Restore (& $script -Feed $local -NuGetOrg $squatter) | Should -Be @('1.2.3')
    }

    It 'Config_WhenFeedHasXmlCharacters_EscapesThem' {
        $text = & $script -Feed '/tmp/a&b<c'

        ([xml]$text).configuration.packageSources.add[1].value | Should -Be '/tmp/a&b<c'
    }
}
