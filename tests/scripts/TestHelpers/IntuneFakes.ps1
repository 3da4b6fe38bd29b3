# Fakes for the Intune/ConfigMgr scripts' Windows adapters. Nothing here is Windows: the tests mock the adapter
# functions (Windows Installer COM, registry, NetSecurity, msiexec, WmiFixedPort.exe) with these shapes.
#   status --json: the object customactions/WmiFixedPort/Commands/StatusReport.cs writes (ToJson; localRulesIgnored,
#     and dependentsDown from the engine's record, are lists of names), one JSON line; per-setting
#     drift = (policy != null && policy != remembered) || (inForce != null && remembered != null && inForce != remembered),
#     top-level drift = any setting's drift (same document). New-FakeStatusJson computes drift with that rule.
#   Installer.RelatedProducts / ProductInfo("VersionString"): product codes with a version string
#     (learn.microsoft.com/windows/win32/msi/installer-relatedproducts, installer-productinfo).
#   Installer.FeatureState: INSTALLSTATE_LOCAL 3, INSTALLSTATE_SOURCE 4, INSTALLSTATE_ABSENT 2,
#     INSTALLSTATE_ADVERTISED 1, INSTALLSTATE_UNKNOWN -1 (msi.h; learn.microsoft.com/windows/win32/msi/installer-featurestate).

$FakeProductCode = '{11111111-2222-3333-4444-555555555555}'
$FakeNames = @('WMIPORT', 'WMIAUTHLEVEL', 'FIREWALL', 'FIREWALL_REMOTE_ADDRESSES', 'FIREWALL_PROFILE', 'OPEN_RPC_EPMAP')

function New-FakeStatusJson {
    param(
        [hashtable] $Top = @{},
        [hashtable] $Remembered = @{},
        [hashtable] $Policy = @{},
        [hashtable] $InForce = @{},
        [switch] $NoSettings
    )
    $rememberedValues = @{ WMIPORT = '24158'; WMIAUTHLEVEL = '5'; FIREWALL = '1'; FIREWALL_REMOTE_ADDRESSES = '*'; FIREWALL_PROFILE = 'domain,private'; OPEN_RPC_EPMAP = '1' }
    foreach ($k in $Remembered.Keys) { $rememberedValues[$k] = $Remembered[$k] }
    $inForceValues = @{ WMIPORT = '24158'; WMIAUTHLEVEL = '5' }
    foreach ($k in $InForce.Keys) { $inForceValues[$k] = $InForce[$k] }
    $settings = @()
    $anyDrift = $false
    foreach ($name in $FakeNames) {
        $r = $rememberedValues[$name]; $p = $Policy[$name]; $f = $inForceValues[$name]
        $d = (($null -ne $p) -and ($p -ne $r)) -or (($null -ne $f) -and ($null -ne $r) -and ($f -ne $r))
        if ($d) { $anyDrift = $true }
        $settings += [ordered]@{ name = $name; inForce = $f; remembered = $r; policy = $p; drift = $d }
    }
    $status = [ordered]@{
        mode = 'standalone'; port = 24158; authLevel = 5; recordExists = $true; staged = $false
        winmgmt = [ordered]@{ state = 'Running'; pid = 1234 }
        listening = [ordered]@{ port = 24158; state = 'listening'; note = '' }
        settings = $settings
        drift = $anyDrift
    }
    if ($NoSettings) { $status.Remove('settings') }
    foreach ($k in $Top.Keys) { $status[$k] = $Top[$k] }
    ConvertTo-Json -InputObject $status -Compress -Depth 6
}

function New-FakeStatusRun {
    param([string] $Json, [int] $ExitCode = 0, [string] $ErrorText = '')
    [pscustomobject]@{ ExitCode = $ExitCode; Output = "$Json`r`n"; Error = $ErrorText }
}

function New-FakeRule {
    # Get-WfpFirewallRule's shape: Profile as Get-NetFirewallRule's Profile prints it ("Domain, Private"; "Any" for
    # all), RemoteAddress as Get-NetFirewallAddressFilter's RemoteAddress list ("Any" for *, IPv4 subnets as
    # address/mask) - learn.microsoft.com/powershell/module/netsecurity/get-netfirewallrule and
    # get-netfirewalladdressfilter. The defaults match New-FakeStatusJson's remembered FIREWALL_PROFILE and
    # FIREWALL_REMOTE_ADDRESSES (domain,private and *).
    param([bool] $Enabled = $true, [string] $LocalPort = '24158', [string] $Profile = 'Domain, Private', [string[]] $RemoteAddress = @('Any'))
    [pscustomobject]@{ Enabled = $Enabled; LocalPort = $LocalPort; Profile = $Profile; RemoteAddress = $RemoteAddress }
}

function New-FakeCheck {
    # Invoke-WfpStateCheck's result (packaging/kit-source/WmiFixedPort.Kit.ps1): for the remediation's tests, which
    # test the re-check's use, not the check itself (Detect-*.Tests.ps1 test that).
    param([string[]] $Problems = @(), [string[]] $Drift = @(), [string[]] $RulesNotEnforced = @(), [string[]] $DependentsDown = @(), [string] $NotInstalled = $null)
    $list = { param($items) $l = New-Object System.Collections.Generic.List[string]; foreach ($i in $items) { $l.Add($i) }; , $l }
    $product = $null
    if (-not $NotInstalled) { $product = [pscustomobject]@{ ProductCode = $FakeProductCode; Version = '1.0.0' } }
    [pscustomobject]@{ Product = $product; NotInstalled = $NotInstalled; Problems = (& $list $Problems); Notes = (& $list @()); Drift = (& $list $Drift)
        Port = '24158'; RulesNotEnforced = (& $list $RulesNotEnforced); DependentsDown = (& $list $DependentsDown) }
}
