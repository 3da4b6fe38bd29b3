# Tests of .github/scripts/MsiExportComparison.ps1, the comparison behind the release workflow's reproducibility step
# (Compare-MsiBuilds.ps1 exports two MSIs with Windows Installer, which needs Windows, and hands the folders to it).
# The folders here are written by hand in the exported layout (learn.microsoft.com/windows/win32/msi/archive-file-format:
# column names, column types, table name and keys, then one tab-separated row per line; binary columns as files in a
# folder named after the table; the summary stream as _SummaryInformation.idt,
# learn.microsoft.com/windows/win32/msi/-summaryinformation).

BeforeAll {
    . (Resolve-Path (Join-Path $PSScriptRoot '../../.github/scripts/MsiExportComparison.ps1')).Path

    # One exported database: Property, File, _SummaryInformation and a Binary stream; $Change alters it.
    function New-Export([hashtable] $Change = @{}) {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path "$folder/Binary" | Out-Null
        $values = @{ ProductCode = '{11111111-1111-1111-1111-111111111111}'; PackageCode = '{22222222-2222-2222-2222-222222222222}'
            Created = '2026/12/07 10:00:00'; Title = 'Installation Database'; FileSize = '100864'; Icon = 'icon bytes' }
        foreach ($key in $Change.Keys) { $values[$key] = $Change[$key] }
        Set-Content -LiteralPath "$folder/Property.idt" -Value @("Property`tValue", "s72`tl0", "Property`tProperty",
            "ProductCode`t$($values.ProductCode)", "ProductVersion`t1.2.3", "UpgradeCode`t{E9D2D046-CD70-4BD6-9E50-3B01388ADADA}")
        Set-Content -LiteralPath "$folder/File.idt" -Value @("File`tComponent_`tFileName`tFileSize`tVersion", "s72`ts72`tl255`ti4`tS72",
            "File`tFile", "WmiFixedPortExe`tWmiFixedPortExe`tWmiFixedPort.exe`t$($values.FileSize)`t1.2.3.0")
        Set-Content -LiteralPath "$folder/_SummaryInformation.idt" -Value @("PropertyId`tValue", "i2`tl255", "_SummaryInformation`tPropertyId",
            "2`t$($values.Title)", "9`t$($values.PackageCode)", "12`t$($values.Created)", "13`t$($values.Created)")
        Set-Content -LiteralPath "$folder/Binary/WmiFixedPortIcon.ibd" -Value $values.Icon
        if ($Change.ContainsKey('ExtraTable')) { Set-Content -LiteralPath "$folder/Extra.idt" -Value @('A', 's72', "Extra`tA") }
        return $folder
    }
}

Describe 'Compare-MsiTableExport' {
    It 'Compare_WhenOnlyBindGeneratedValuesDiffer_ReportsThemAsExpectedAndNoProblem' {
        $first = New-Export
        $second = New-Export @{ ProductCode = '{33333333-3333-3333-3333-333333333333}'; PackageCode = '{44444444-4444-4444-4444-444444444444}'; Created = '2026/12/07 10:05:00' }

        $result = Compare-MsiTableExport $first $second

        @($result.Problems) | Should -BeNullOrEmpty
        $result.Tables | Should -Be 3
        $result.Expected | Should -Be @('Property ProductCode (new GUID per bind)', 'summary information PID 12: created (bind time)',
            'summary information PID 13: last saved (bind time)', 'summary information PID 9: PackageCode (new GUID per bind)')
    }

    It 'Compare_WhenATableRowDiffers_ReportsTheRowOfEachBuild' {
        $result = Compare-MsiTableExport (New-Export) (New-Export @{ FileSize = '100865' })

        @($result.Problems) | Should -Be @(
            "table File: only in the second build: WmiFixedPortExe`tWmiFixedPortExe`tWmiFixedPort.exe`t100865`t1.2.3.0",
            "table File: only in the first build: WmiFixedPortExe`tWmiFixedPortExe`tWmiFixedPort.exe`t100864`t1.2.3.0")
    }

    It 'Compare_WhenAnotherSummaryPropertyDiffers_ReportsIt' {
        $result = Compare-MsiTableExport (New-Export) (New-Export @{ Title = 'Merge Module' })

        @($result.Problems) | Should -Be @(
            "table _SummaryInformation: only in the second build: 2`tMerge Module",
            "table _SummaryInformation: only in the first build: 2`tInstallation Database")
    }

    It 'Compare_WhenABinaryStreamDiffers_ReportsIt' {
        $result = Compare-MsiTableExport (New-Export) (New-Export @{ Icon = 'other bytes' })

        @($result.Problems) | Should -Be @('binary stream Binary/WmiFixedPortIcon.ibd differs')
    }

    It 'Compare_WhenATableExistsInOneBuildOnly_ReportsIt' {
        $result = Compare-MsiTableExport (New-Export) (New-Export @{ ExtraTable = $true })

        @($result.Problems) | Should -Be @('table Extra exists only in the second build')
    }
}

Describe 'Compare-FileTree' {
    It 'Compare_WhenFilesAreIdentical_ReportsNothing' {
        $a = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'same-a/WmiFixedPort') -Force
        $b = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'same-b/WmiFixedPort') -Force
        foreach ($dir in $a, $b) { Set-Content -LiteralPath (Join-Path $dir 'WmiFixedPort.exe') -Value 'engine' }

        @(Compare-FileTree (Join-Path $TestDrive 'same-a') (Join-Path $TestDrive 'same-b') 'installed file') | Should -BeNullOrEmpty
    }

    It 'Compare_WhenAFileDiffersOrIsMissing_ReportsEach' {
        $a = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'diff-a/WmiFixedPort') -Force
        $b = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'diff-b/WmiFixedPort') -Force
        Set-Content -LiteralPath (Join-Path $a 'WmiFixedPort.exe') -Value 'engine'
        Set-Content -LiteralPath (Join-Path $b 'WmiFixedPort.exe') -Value 'engine, rebuilt'
        Set-Content -LiteralPath (Join-Path $a 'WmiFixedPort.exe.config') -Value 'config'

        @(Compare-FileTree (Join-Path $TestDrive 'diff-a') (Join-Path $TestDrive 'diff-b') 'installed file') | Should -Be @(
            'installed file WmiFixedPort/WmiFixedPort.exe differs',
            'installed file WmiFixedPort/WmiFixedPort.exe.config exists only in the first build')
    }
}
