# Tests of the release workflow's scripts that run outside Windows too (PowerShell 7 here, Windows PowerShell 5.1 on
# the runner): Initialize-CodeSigning.ps1 (secrets -> certificate import and step outputs, or a warning and no signing)
# and New-ReleaseKit.ps1 (the kit zip from the kit generator; without the generator it fails).
# The signing script runs in a child PowerShell whose HOME is under $TestDrive, so the certificate store it writes
# (.NET on Linux: $HOME/.dotnet/corefx/cryptography/x509stores) is the test's own; certificates come from openssl.
# signtool, dotnet nuget sign/verify and the MSI comparison need Windows: the release workflow runs them.

BeforeAll {
    $scripts = (Resolve-Path (Join-Path $PSScriptRoot '../../.github/scripts')).Path

    # A child PowerShell like this one (dotnet tool: dotnet <PSHOME>/pwsh.dll; elsewhere the pwsh executable).
    function Invoke-ChildPowerShell([string] $File, [hashtable] $Environment) {
        $saved = @{}
        foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
        try {
            # An error ends the child with exit code 1 and its message on one line, as the workflow's step would end.
            $command = "try { & '$File' } catch { [Console]::Error.WriteLine('ERROR: ' + `$_.Exception.Message); exit 1 }"
            $host_ = [Environment]::ProcessPath
            if ([IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { $output = & $host_ (Join-Path $PSHOME 'pwsh.dll') -NoLogo -NoProfile -NonInteractive -Command $command 2>&1 }
            else { $output = & $host_ -NoLogo -NoProfile -NonInteractive -Command $command 2>&1 }
            return [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = (@($output) | ForEach-Object { "$_" }) -join "`n" }
        } finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    function New-TestCertificate([string] $Name, [string[]] $Extension = @()) {
        $dir = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Path $dir | Out-Null
        $args_ = @('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', "$dir/key.pem", '-out', "$dir/cert.pem", '-days', '2', '-subj', "/CN=$Name")
        foreach ($e in $Extension) { $args_ += @('-addext', $e) }
        & openssl @args_ 2>$null
        if ($LASTEXITCODE -ne 0) { throw "openssl req failed for $Name" }
        & openssl pkcs12 -export -inkey "$dir/key.pem" -in "$dir/cert.pem" -out "$dir/cert.pfx" -passout pass:secret-pw
        if ($LASTEXITCODE -ne 0) { throw "openssl pkcs12 failed for $Name" }
        $sha1 = ((& openssl x509 -in "$dir/cert.pem" -noout -fingerprint -sha1) -replace '^.*=', '') -replace ':', ''
        $sha256 = ((& openssl x509 -in "$dir/cert.pem" -noout -fingerprint -sha256) -replace '^.*=', '') -replace ':', ''
        return [pscustomobject]@{ Base64 = [Convert]::ToBase64String([IO.File]::ReadAllBytes("$dir/cert.pfx")); Sha1 = $sha1; Sha256 = $sha256 }
    }

    function New-TestChain([string] $Name) {
        # An internal PKI: a self-signed root CA and a code-signing certificate it issued (PFX without the root).
        $dir = Join-Path $TestDrive $Name
        New-Item -ItemType Directory -Path $dir | Out-Null
        & openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/root.key" -out "$dir/root.pem" -days 2 -subj "/CN=$Name Root" -addext 'basicConstraints=critical,CA:TRUE' 2>$null
        & openssl req -newkey rsa:2048 -nodes -keyout "$dir/leaf.key" -out "$dir/leaf.csr" -subj "/CN=$Name Signer" 2>$null
        Set-Content -LiteralPath "$dir/ext" -Value 'extendedKeyUsage=codeSigning'
        & openssl x509 -req -in "$dir/leaf.csr" -CA "$dir/root.pem" -CAkey "$dir/root.key" -CAcreateserial -out "$dir/leaf.pem" -days 2 -extfile "$dir/ext" 2>$null
        & openssl pkcs12 -export -inkey "$dir/leaf.key" -in "$dir/leaf.pem" -out "$dir/leaf.pfx" -passout pass:secret-pw
        if ($LASTEXITCODE -ne 0) { throw "openssl failed for $Name" }
        & openssl x509 -in "$dir/root.pem" -outform der -out "$dir/root.der"
        & openssl pkcs12 -export -inkey "$dir/root.key" -in "$dir/root.pem" -out "$dir/root.pfx" -passout pass:
        return [pscustomobject]@{
            Pfx = [Convert]::ToBase64String([IO.File]::ReadAllBytes("$dir/leaf.pfx"))
            Root = [Convert]::ToBase64String([IO.File]::ReadAllBytes("$dir/root.der"))
            RootPem = [Convert]::ToBase64String([IO.File]::ReadAllBytes("$dir/root.pem"))
            RootWithKey = [Convert]::ToBase64String([IO.File]::ReadAllBytes("$dir/root.pfx"))
        }
    }

    function Invoke-Signing([string] $Certificate, [string] $Password, [string] $Root = '') {
        $run = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path "$run/home" | Out-Null
        Set-Content -LiteralPath "$run/output" -Value $null; Set-Content -LiteralPath "$run/summary" -Value $null
        $result = Invoke-ChildPowerShell (Join-Path $scripts 'Initialize-CodeSigning.ps1') @{
            HOME = "$run/home"; GITHUB_OUTPUT = "$run/output"; GITHUB_STEP_SUMMARY = "$run/summary"
            WMIFIXEDPORT_SIGNING_CERT = $Certificate; WMIFIXEDPORT_SIGNING_CERT_PASSWORD = $Password; WMIFIXEDPORT_SIGNING_ROOT = $Root
        }
        $result | Add-Member -NotePropertyName Home -NotePropertyValue "$run/home"
        $result | Add-Member -NotePropertyName Outputs -NotePropertyValue @(Get-Content -LiteralPath "$run/output" | Where-Object { $_ })
        $result | Add-Member -NotePropertyName Summary -NotePropertyValue ((Get-Content -LiteralPath "$run/summary" -Raw) + '')
        $result | Add-Member -NotePropertyName Store -NotePropertyValue "$run/home/.dotnet/corefx/cryptography/x509stores/my"
        return $result
    }
}

Describe 'Initialize-CodeSigning.ps1' {
    BeforeAll {
        $codeSigning = New-TestCertificate 'Test Code Signer' @('extendedKeyUsage=codeSigning')
        $serverOnly = New-TestCertificate 'Test Server' @('extendedKeyUsage=serverAuth')
    }

    It 'Signing_WhenNoCertificateSecret_WarnsAndTurnsSigningOff' {
        $result = Invoke-Signing '' ''

        $result.ExitCode | Should -Be 0
        $result.Output | Should -Match '::warning::No code-signing certificate is configured \(repository secret WMIFIXEDPORT_SIGNING_CERT\): this release is NOT signed'
        $result.Outputs | Should -Be @('enabled=false')
        $result.Summary | Should -Match '\*\*Signing: SKIPPED\*\*'
    }

    It 'Signing_WhenCertificateIsValid_ImportsItAndOutputsBothFingerprints' {
        $result = Invoke-Signing $codeSigning.Base64 'secret-pw'

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Outputs | Should -Be @('enabled=true', "thumbprint=$($codeSigning.Sha1)", "sha256=$($codeSigning.Sha256)", "imported=CurrentUser/My/$($codeSigning.Sha1)")
        Test-Path -LiteralPath (Join-Path $result.Store "$($codeSigning.Sha1).pfx") | Should -BeTrue
        $result.Output | Should -Not -Match 'secret-pw'
    }

    It 'Signing_WhenRootSecretIsNotBase64_FailsNamingIt' {
        $result = Invoke-Signing $codeSigning.Base64 'secret-pw' 'not base64 at all!'

        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'WMIFIXEDPORT_SIGNING_ROOT is not base64'
        $result.Outputs | Should -BeNullOrEmpty
    }

    It 'Signing_WhenRootIsNotTheSignersRoot_FailsBeforeImportingAnything' {
        $other = New-TestChain 'Other PKI'

        $result = Invoke-Signing $codeSigning.Base64 'secret-pw' $other.Root

        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'WMIFIXEDPORT_SIGNING_ROOT \(CN=Other PKI Root\) issued neither the signing certificate CN=Test Code Signer'
        $result.Outputs | Should -BeNullOrEmpty
        Test-Path -LiteralPath (Join-Path $result.Store "$($codeSigning.Sha1).pfx") | Should -BeFalse
    }

    It 'Signing_WhenRootIsNotACertificateAuthority_Fails' {
        # A self-signed certificate without basicConstraints CA:TRUE (the code signer itself) is no root.
        $selfSigned = New-TestCertificate 'Self Signed Leaf' @('extendedKeyUsage=codeSigning', 'basicConstraints=critical,CA:FALSE')
        $pem = Join-Path $TestDrive 'Self Signed Leaf/cert.pem'

        $result = Invoke-Signing $selfSigned.Base64 'secret-pw' ([Convert]::ToBase64String([IO.File]::ReadAllBytes($pem)))

        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'WMIFIXEDPORT_SIGNING_ROOT \(CN=Self Signed Leaf, issued by CN=Self Signed Leaf\) is not a self-signed CA certificate'
    }

    It 'Signing_WhenRootSecretHoldsAPrivateKey_RefusesIt' {
        $chain = New-TestChain 'Keyed PKI'

        $result = Invoke-Signing $chain.Pfx 'secret-pw' $chain.RootWithKey

        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'WMIFIXEDPORT_SIGNING_ROOT (holds a private key|could not be read as a certificate)'
        $result.Outputs | Should -BeNullOrEmpty
    }

    It 'Signing_WhenRootIsTheSignersRoot_GetsAsFarAsTheLocalMachineRootStore' {
        # The checks pass; the import into LocalMachine\Root then needs Windows (an administrator runner): .NET on Linux
        # opens that store read-only (https://learn.microsoft.com/dotnet/standard/security/cross-platform-cryptography,
        # "X509Store"), so here the run must fail there and nowhere earlier.
        $chain = New-TestChain 'Internal PKI'

        $result = Invoke-Signing $chain.Pfx 'secret-pw' $chain.RootPem

        $result.Output | Should -Not -Match 'WMIFIXEDPORT_SIGNING_ROOT'
        if ($IsWindows) { $result.ExitCode | Should -Be 0 -Because $result.Output }
        else { $result.ExitCode | Should -Not -Be 0; $result.Outputs | Should -BeNullOrEmpty }
    }

    It 'Signing_WhenImportedThenRemoved_LeavesTheStoreWithoutTheCertificate' {
        $result = Invoke-Signing $codeSigning.Base64 'secret-pw'
        $imported = ($result.Outputs | Where-Object { $_ -like 'imported=*' }) -replace '^imported=', ''
        Test-Path -LiteralPath (Join-Path $result.Store "$($codeSigning.Sha1).pfx") | Should -BeTrue

        $removal = Invoke-ChildPowerShell (Join-Path $scripts 'Remove-CodeSigning.ps1') @{ HOME = $result.Home; WMIFIXEDPORT_IMPORTED = $imported }

        $removal.ExitCode | Should -Be 0 -Because $removal.Output
        $removal.Output | Should -Match "Removed from CurrentUser\\My: $($codeSigning.Sha1) \(1 certificate\(s\)\)"
        Test-Path -LiteralPath (Join-Path $result.Store "$($codeSigning.Sha1).pfx") | Should -BeFalse
    }

    It 'Signing_WhenAnImportedEntryIsMalformed_RemovalFails' {
        $removal = Invoke-ChildPowerShell (Join-Path $scripts 'Remove-CodeSigning.ps1') @{ HOME = (Join-Path $TestDrive 'nohome'); WMIFIXEDPORT_IMPORTED = 'CurrentUser/My/../../x' }

        $removal.ExitCode | Should -Not -Be 0
        $removal.Output | Should -Match "Not a certificate store entry: 'CurrentUser/My/\.\./\.\./x'"
    }

    It 'Signing_WhenSecretIsNotBase64_FailsNamingTheSecret' {
        $result = Invoke-Signing 'not base64 at all!' 'secret-pw'

        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'WMIFIXEDPORT_SIGNING_CERT is not base64'
        $result.Outputs | Should -BeNullOrEmpty
    }

    It 'Signing_WhenPasswordIsWrong_FailsNamingBothSecrets' {
        $result = Invoke-Signing $codeSigning.Base64 'wrong'

        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'WMIFIXEDPORT_SIGNING_CERT could not be opened as a PFX with WMIFIXEDPORT_SIGNING_CERT_PASSWORD'
        $result.Outputs | Should -BeNullOrEmpty
    }

    It 'Signing_WhenCertificateLacksCodeSigningUsage_FailsBeforeAnythingIsSigned' {
        $result = Invoke-Signing $serverOnly.Base64 'secret-pw'

        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match "CN=Test Server \($($serverOnly.Sha1)\) has a private key but not the Code Signing usage \(1\.3\.6\.1\.5\.5\.7\.3\.3\)"
        $result.Outputs | Should -BeNullOrEmpty
    }
}

Describe 'New-ReleaseKit.ps1' {
    BeforeEach {
        # A repository with the kit's three folders, one file each plus a README.
        $root = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        foreach ($part in 'gpo', 'intune', 'configmgr') {
            New-Item -ItemType Directory -Path "$root/packaging/$part" | Out-Null
            Set-Content -LiteralPath "$root/packaging/$part/README.md" -Value "# $part"
        }
        New-Item -ItemType Directory -Path "$root/packaging/gpo/en-US" | Out-Null
        Set-Content -LiteralPath "$root/packaging/gpo/WmiFixedPort.admx" -Value '<policyDefinitions />'
        Set-Content -LiteralPath "$root/packaging/gpo/en-US/WmiFixedPort.adml" -Value '<policyDefinitionResources />'
        Set-Content -LiteralPath "$root/packaging/intune/Detect-WmiFixedPort.ps1" -Value "param([string] `$MinimumVersion = '1.0.0')"
        Set-Content -LiteralPath "$root/packaging/configmgr/Detect-WmiFixedPort.ps1" -Value "param([string] `$MinimumVersion = '1.0.0')"
        $destination = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        function Add-Generator {
            # A stand-in for the generator of contracts.md interface 3: writes the scripts for -Version under -OutputRoot.
            New-Item -ItemType Directory -Force -Path "$root/packaging/kit-source" | Out-Null
            Set-Content -LiteralPath "$root/packaging/kit-source/Build-KitScripts.ps1" -Value @'
param([string] $Version, [string] $OutputRoot)
foreach ($part in 'intune', 'configmgr') {
    Set-Content -LiteralPath (Join-Path $OutputRoot "$part/Detect-WmiFixedPort.ps1") -Value "param([string] `$MinimumVersion = '$Version')"
}
'generator output that must not become the return value'
'@
        }
        function Read-ZipEntry([string] $Zip, [string] $Name) {
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $archive = [IO.Compression.ZipFile]::OpenRead($Zip)
            try {
                $reader = New-Object IO.StreamReader(($archive.Entries | Where-Object FullName -EQ $Name).Open())
                try { return $reader.ReadToEnd() } finally { $reader.Dispose() }
            } finally { $archive.Dispose() }
        }
        function Get-ZipEntryNames([string] $Zip) {
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $archive = [IO.Compression.ZipFile]::OpenRead($Zip)
            try { return @($archive.Entries | ForEach-Object FullName) } finally { $archive.Dispose() }
        }
    }

    It 'Kit_WhenGeneratorIsAbsent_FailsAndWritesNoZip' {
        { & (Join-Path $scripts 'New-ReleaseKit.ps1') -Version '1.2.3' -Destination $destination -RepositoryRoot $root 6>$null } |
            Should -Throw '*Build-KitScripts.ps1 is missing: the kit''s scripts cannot carry the minimum product version 1.2.3*'
        Test-Path -LiteralPath (Join-Path $destination 'WmiFixedPort-1.2.3-kit.zip') | Should -BeFalse
    }

    It 'Kit_WhenGeneratorExists_RunsItWithTheVersionIntoTheStagedKit' {
        Add-Generator

        $kit = & (Join-Path $scripts 'New-ReleaseKit.ps1') -Version '4.5.6' -Destination $destination -RepositoryRoot $root 6>&1 | Tee-Object -Variable all |
            Where-Object { $_ -isnot [System.Management.Automation.InformationRecord] }
        $messages = @($all | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$_" })

        $kit | Should -Be (Join-Path (Resolve-Path $destination).Path 'kit')
        $zip = Join-Path $destination 'WmiFixedPort-4.5.6-kit.zip'
        Get-ZipEntryNames $zip | Should -Be @(
            'configmgr/Detect-WmiFixedPort.ps1', 'configmgr/README.md', 'gpo/README.md', 'gpo/WmiFixedPort.admx',
            'gpo/en-US/WmiFixedPort.adml', 'intune/Detect-WmiFixedPort.ps1', 'intune/README.md')   # ordinal: 'R' < 'W' < 'e'
        Read-ZipEntry $zip 'intune/Detect-WmiFixedPort.ps1' | Should -Match "MinimumVersion = '4.5.6'"
        Read-ZipEntry $zip 'configmgr/Detect-WmiFixedPort.ps1' | Should -Match "MinimumVersion = '4.5.6'"
        ($messages -join "`n") | Should -Not -Match '::warning::'
    }

    It 'Kit_WhenThumbprintIsGiven_SignsEveryScriptBeforeZipping' {
        # New-ReleaseKit.ps1 beside a stand-in for Invoke-AuthenticodeSigning.ps1 (signtool needs Windows) that marks
        # each file it is given and records its arguments.
        $copy = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $copy | Out-Null
        Copy-Item -LiteralPath (Join-Path $scripts 'New-ReleaseKit.ps1') -Destination $copy
        Set-Content -LiteralPath (Join-Path $copy 'Invoke-AuthenticodeSigning.ps1') -Value @'
param([string[]] $Path, [string] $Thumbprint, [string] $TimestampUrl, [string] $Description)
foreach ($file in $Path) { Add-Content -LiteralPath $file -Value "# signed by $Thumbprint via $TimestampUrl" }
'@
        Add-Generator

        & (Join-Path $copy 'New-ReleaseKit.ps1') -Version '1.2.3' -Destination $destination -RepositoryRoot $root -Thumbprint 'ABC123' -TimestampUrl 'http://ts.example' 6>$null | Out-Null

        $zip = Join-Path $destination 'WmiFixedPort-1.2.3-kit.zip'
        Read-ZipEntry $zip 'intune/Detect-WmiFixedPort.ps1' | Should -Match '# signed by ABC123 via http://ts.example'
        Read-ZipEntry $zip 'configmgr/Detect-WmiFixedPort.ps1' | Should -Match '# signed by ABC123 via http://ts.example'
        Read-ZipEntry $zip 'intune/README.md' | Should -Not -Match 'signed by'
    }

    It 'Kit_WhenGeneratorFails_FailsAndWritesNoZip' {
        New-Item -ItemType Directory -Path "$root/packaging/kit-source" | Out-Null
        Set-Content -LiteralPath "$root/packaging/kit-source/Build-KitScripts.ps1" -Value 'param([string] $Version, [string] $OutputRoot) exit 1'

        { & (Join-Path $scripts 'New-ReleaseKit.ps1') -Version '4.5.6' -Destination $destination -RepositoryRoot $root 6>$null } |
            Should -Throw '*Build-KitScripts.ps1 -Version 4.5.6 failed (exit code 1).'
        Test-Path -LiteralPath (Join-Path $destination 'WmiFixedPort-4.5.6-kit.zip') | Should -BeFalse
    }

    It 'Kit_WhenAKitFolderIsMissing_FailsNamingIt' {
        Remove-Item -LiteralPath "$root/packaging/configmgr" -Recurse

        { & (Join-Path $scripts 'New-ReleaseKit.ps1') -Version '1.2.3' -Destination $destination -RepositoryRoot $root 6>$null } |
            Should -Throw "The kit's folder *configmgr is missing."
    }
}
