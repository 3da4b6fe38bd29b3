# tests/scripts/Invoke-DeployTests.ps1, the runner .ci/deploy.sh calls: its closing line and its exit code, run as a
# separate PowerShell process on small test folders made here.

BeforeAll {
    $runner = Join-Path $PSScriptRoot 'Invoke-DeployTests.ps1'
    $pesterModule = Join-Path (Get-Module Pester).ModuleBase 'Pester.psd1'
    # This PowerShell may be the dotnet tool, whose host process is dotnet running pwsh.dll.
    $hostPath = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $hostArgs = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { $hostArgs = @(Join-Path $PSHOME 'pwsh.dll') }
    function Invoke-Runner([hashtable] $Files) {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $dir | Out-Null
        foreach ($name in $Files.Keys) { [System.IO.File]::WriteAllText((Join-Path $dir $name), $Files[$name]) }
        $out = Join-Path $TestDrive 'runner.out'
        $p = Start-Process -FilePath $hostPath -ArgumentList ($hostArgs + @('-NoProfile', '-NonInteractive', '-File', $runner, '-PesterModule', $pesterModule, '-Path', $dir)) -Wait -PassThru -RedirectStandardOutput $out -RedirectStandardError (Join-Path $TestDrive 'runner.err')
        [pscustomobject]@{ ExitCode = $p.ExitCode; Last = @(Get-Content -LiteralPath $out | Where-Object { $_.Trim() })[-1] }
    }
}

Describe 'Invoke-DeployTests.ps1' {
    It 'Runner_WhenAllTestsPass_ExitsZeroWithTheCounts' {
        $r = Invoke-Runner @{ 'A.Tests.ps1' = "Describe 'a' { It 'passes' { 1 | Should -Be 1 }; It 'skips' -Skip { } }" }
        $r.ExitCode | Should -Be 0
        $r.Last | Should -BeExactly 'pester: 1 passed, 0 failed, 1 skipped'
    }

    It 'Runner_WhenATestFails_ExitsOne' {
        $r = Invoke-Runner @{ 'A.Tests.ps1' = "Describe 'a' { It 'passes' { 1 | Should -Be 1 }; It 'fails' { 1 | Should -Be 2 } }" }
        $r.ExitCode | Should -Be 1
        $r.Last | Should -BeExactly 'pester: 1 passed, 1 failed, 0 skipped'
    }

    It 'Runner_WhenNoTestRuns_ExitsOne' {
        $r = Invoke-Runner @{ 'readme.txt' = 'no tests here' }
        $r.ExitCode | Should -Be 1
        $r.Last | Should -BeExactly 'pester: 0 passed, 0 failed, 0 skipped'
    }

    It 'Runner_WhenATestFileCannotRun_ExitsOne' {
        $r = Invoke-Runner @{ 'A.Tests.ps1' = "Describe 'a' { It 'passes' { 1 | Should -Be 1 } }"; 'B.Tests.ps1' = "BeforeAll { throw 'broken setup' }; Describe 'b' { It 'x' { } }" }
        $r.ExitCode | Should -Be 1
    }
}
