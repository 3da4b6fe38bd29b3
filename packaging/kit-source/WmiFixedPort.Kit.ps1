# WmiFixedPort deployment kit: the functions every kit script shares. The one source: packaging/kit-source/Build-KitScripts.ps1
# copies this file into each generated script (Intune takes each script as one self-contained file).
# Windows PowerShell 5.1 syntax, in-box modules only (NetSecurity for the firewall rules).

$WfpUpgradeCode = '{E9D2D046-CD70-4BD6-9E50-3B01388ADADA}'
$WfpSettingsKey = 'HKLM:\SOFTWARE\WmiFixedPort\Settings'
$WfpWmiRuleName = 'WmiFixedPort - WMI (TCP-In)'
$WfpEpmapRuleName = 'WmiFixedPort - RPC Endpoint Mapper (TCP-In)'
$WfpPropertyNames = @('WMIPORT', 'WMIAUTHLEVEL', 'FIREWALL', 'FIREWALL_REMOTE_ADDRESSES', 'FIREWALL_PROFILE', 'OPEN_RPC_EPMAP')
# Values given on install.cmd's command line (REG_SZ, one per property): they win over policy at every later repair
# (Remediate-WmiFixedPort.ps1 passes them again) and detection does not count policy drift on them.
$WfpCommandLineKey = 'HKLM:\SOFTWARE\WmiFixedPort\DeploymentKit\CommandLine'
# The local copy of the MSI that repairs run from (Intune deletes its download): one folder per ProductCode, writable
# only by SYSTEM and Administrators (set explicitly, not inherited from %ProgramData%, which lets Users create files).
$WfpSourceFolderName = 'WmiFixedPort\Source'
$WfpKeptPackageName = 'WmiFixedPort.msi'
# The kept copy's SHA-256 per ProductCode (REG_SZ), recorded by install.cmd, checked just before every msiexec run.
$WfpKeptPackageKey = 'HKLM:\SOFTWARE\WmiFixedPort\DeploymentKit\KeptPackage'
$WfpLogsKept = 3

function Get-Wfp64BitHost {
    # Intune and ConfigMgr may start a script in 32-bit PowerShell; WOW64 would then redirect the registry and
    # %ProgramFiles%. Tells whether to re-launch in the 64-bit host (through sysnative) or to give up.
    param([bool] $Is64BitProcess, [bool] $Is64BitOperatingSystem, [string] $WinDir)
    if ($Is64BitProcess) { return [pscustomobject]@{ Relaunch = $false; Path = $null; Error = $null } }
    if (-not $Is64BitOperatingSystem) {
        return [pscustomobject]@{ Relaunch = $false; Path = $null; Error = 'WmiFixedPort supports 64-bit Windows only' }
    }
    $native = Join-Path $WinDir 'sysnative\WindowsPowerShell\v1.0\powershell.exe'
    if (-not (Test-Path -LiteralPath $native)) {
        return [pscustomobject]@{ Relaunch = $false; Path = $null; Error = "running as a 32-bit process and $native does not exist" }
    }
    [pscustomobject]@{ Relaunch = $true; Path = $native; Error = $null }
}

function Get-WfpComProperty {
    # WindowsInstaller.Installer has no type library PowerShell can use: read its properties through IDispatch.
    param($Object, [string] $Name, [object[]] $Arguments)
    $Object.GetType().InvokeMember($Name, [System.Reflection.BindingFlags]::GetProperty, $null, $Object, $Arguments)
}

function Get-WfpInstalledProduct {
    # Windows adapter: every product installed with our UpgradeCode (Installer.RelatedProducts), with its version.
    $installer = New-Object -ComObject WindowsInstaller.Installer
    $list = Get-WfpComProperty $installer 'RelatedProducts' @($WfpUpgradeCode)
    $count = Get-WfpComProperty $list 'Count' @()
    for ($i = 0; $i -lt $count; $i++) {
        $code = [string](Get-WfpComProperty $list 'Item' @($i))
        [pscustomobject]@{ ProductCode = $code; Version = [string](Get-WfpComProperty $installer 'ProductInfo' @($code, 'VersionString')) }
    }
}

function Get-WfpFeatureState {
    # Windows adapter: Installer.FeatureState (3 local, 4 source, 2 absent, -1 unknown feature).
    param([string] $ProductCode, [string] $Feature)
    try {
        $installer = New-Object -ComObject WindowsInstaller.Installer
        [int](Get-WfpComProperty $installer 'FeatureState' @($ProductCode, $Feature))
    } catch { -1 }
}

function Select-WfpProduct {
    # The highest installed version at or above $MinimumVersion, or $null; also says why nothing fits.
    param([object[]] $Products, [version] $MinimumVersion)
    $best = $null
    $seen = @()
    foreach ($p in $Products) {
        $v = $null
        if (-not [version]::TryParse([string]$p.Version, [ref]$v)) { continue }
        $seen += $v.ToString()
        if ($v -ge $MinimumVersion -and ($null -eq $best -or $v -gt $best.ParsedVersion)) {
            $best = [pscustomobject]@{ ProductCode = [string]$p.ProductCode; Version = $v.ToString(); ParsedVersion = $v }
        }
    }
    $why = $null
    if ($null -eq $best) {
        if ($seen.Count -eq 0) { $why = 'WmiFixedPort is not installed' }
        else { $why = "WmiFixedPort $($seen -join ', ') is installed, $MinimumVersion or later is required" }
    }
    [pscustomobject]@{ Product = $best; Reason = $why }
}

function Get-WfpEnginePath {
    # Windows adapter: Settings\InstallFolder (written by the MSI, with a trailing backslash), else the default folder.
    $folder = $null
    $item = Get-ItemProperty -LiteralPath $WfpSettingsKey -Name 'InstallFolder' -ErrorAction SilentlyContinue
    if ($null -ne $item) { $folder = [string]$item.InstallFolder }
    if (-not $folder) { $folder = [string]$env:ProgramFiles + '\WmiFixedPort' }
    if (-not $folder.EndsWith('\')) { $folder += '\' }
    $folder + 'WmiFixedPort.exe'
}

function Test-WfpFile {
    param([string] $Path)
    Test-Path -LiteralPath $Path -PathType Leaf
}

function Invoke-WfpStatus {
    # Windows adapter: runs "WmiFixedPort.exe status --json" with a time limit; never throws.
    param([string] $ExePath, [int] $TimeoutSeconds = 30)
    try {
        $psi = New-Object System.Diagnostics.ProcessStartInfo
        $psi.FileName = $ExePath
        $psi.Arguments = 'status --json'
        $psi.UseShellExecute = $false
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.CreateNoWindow = $true
        $process = [System.Diagnostics.Process]::Start($psi)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            try { $process.Kill() } catch { }
            return [pscustomobject]@{ ExitCode = -1; Output = ''; Error = "no answer within $TimeoutSeconds s" }
        }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
    } catch {
        [pscustomobject]@{ ExitCode = -1; Output = ''; Error = $_.Exception.Message }
    }
}

function ConvertFrom-WfpStatusOutput {
    # status --json prints one JSON object on one line (customactions/WmiFixedPort/Commands/StatusReport.cs); take the last line that starts with "{".
    param([string] $Text)
    $line = @($Text -split "`r?`n" | Where-Object { $_.TrimStart().StartsWith('{') }) | Select-Object -Last 1
    if (-not $line) { throw 'printed no JSON object' }
    ConvertFrom-Json -InputObject $line
}

function Get-WfpRememberedFromRegistry {
    # Windows adapter: the values the MSI remembered (REG_SZ under Settings), for an engine whose status lacks them.
    $values = @{}
    $item = Get-ItemProperty -LiteralPath $WfpSettingsKey -ErrorAction SilentlyContinue
    foreach ($name in $WfpPropertyNames) {
        if ($null -ne $item -and $null -ne $item.$name) { $values[$name] = [string]$item.$name }
    }
    $values
}

function Get-WfpFirewallRule {
    # Windows adapter: the rule with this display name (NetSecurity, in the box since Windows 8 / Server 2012), or $null.
    param([string] $DisplayName)
    $rule = Get-NetFirewallRule -DisplayName $DisplayName -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $rule) { return $null }
    $filter = $rule | Get-NetFirewallPortFilter -ErrorAction SilentlyContinue
    $addresses = $rule | Get-NetFirewallAddressFilter -ErrorAction SilentlyContinue
    [pscustomobject]@{ Enabled = ([string]$rule.Enabled -eq 'True'); LocalPort = (@($filter.LocalPort) -join ',')
        Profile = [string]$rule.Profile; RemoteAddress = @($addresses.RemoteAddress | ForEach-Object { [string]$_ }) }
}

function Test-WfpRuleExpected {
    # A rule is expected when its MSI feature is installed (local or source); when the feature state is unknown
    # (e.g. a renamed feature), when the remembered values say the rules were wanted.
    param([int] $FeatureState, [bool] $Fallback)
    if ($FeatureState -eq 3 -or $FeatureState -eq 4) { return $true }
    if ($FeatureState -eq 2 -or $FeatureState -eq 1) { return $false }
    $Fallback
}

function Invoke-WfpStateCheck {
    # Reads the product and the state in force. Problems: what makes the state not the product's. Notes: worth
    # saying but not a failure. Drift: properties whose status entry says drift (policy or value in force differs).
    param([version] $MinimumVersion)
    $ErrorActionPreference = 'Stop'
    $problems = New-Object System.Collections.Generic.List[string]
    $notes = New-Object System.Collections.Generic.List[string]
    $drift = New-Object System.Collections.Generic.List[string]
    $rulesNotEnforced = New-Object System.Collections.Generic.List[string]
    $dependentsDown = New-Object System.Collections.Generic.List[string]
    $result = [pscustomobject]@{ Product = $null; NotInstalled = $null; Problems = $problems; Notes = $notes; Drift = $drift; Port = $null
        RulesNotEnforced = $rulesNotEnforced; DependentsDown = $dependentsDown }

    try { $products = @(Get-WfpInstalledProduct) }
    catch { $problems.Add("cannot query Windows Installer: $($_.Exception.Message)"); return $result }
    $choice = Select-WfpProduct -Products $products -MinimumVersion $MinimumVersion
    if ($null -eq $choice.Product) { $result.NotInstalled = $choice.Reason; return $result }
    $result.Product = $choice.Product

    $exe = Get-WfpEnginePath
    if (-not (Test-WfpFile -Path $exe)) { $problems.Add("$exe is missing"); return $result }
    $run = Invoke-WfpStatus -ExePath $exe
    if ($run.ExitCode -ne 0) {
        $detail = @(([string]$run.Error + "`n" + [string]$run.Output) -split "`r?`n" | Where-Object { $_.Trim() }) | Select-Object -First 1
        $problems.Add("WmiFixedPort.exe status failed (exit code $($run.ExitCode)): $detail")
        return $result
    }
    try { $status = ConvertFrom-WfpStatusOutput -Text $run.Output }
    catch { $problems.Add("WmiFixedPort.exe status --json $($_.Exception.Message)"); return $result }

    $remembered = @{}
    $commandLine = Get-WfpCommandLineValue
    foreach ($s in @($status.settings)) {
        if ($null -ne $s -and $s.name) {
            $name = [string]$s.name
            if ($null -ne $s.remembered) { $remembered[$name] = [string]$s.remembered }
            $settingDrift = ($s.drift -eq $true)
            if ($commandLine.ContainsKey($name)) {
                # Precedence survives remediation: a value from install.cmd's command line wins over policy, so only a
                # remembered value or a value in force that is not the command line's counts as drift.
                $wanted = $commandLine[$name]
                $settingDrift = ([string]$s.remembered -ne $wanted) -or ($null -ne $s.inForce -and [string]$s.inForce -ne [string]$s.remembered)
                if ($null -ne $s.policy -and [string]$s.policy -ne $wanted) { $notes.Add("$name from install.cmd's command line ($wanted) wins over policy ($($s.policy))") }
            }
            if ($settingDrift) { $drift.Add($name) }
        }
    }
    if ($remembered.Count -eq 0) { $remembered = Get-WfpRememberedFromRegistry }
    if ($status.drift -eq $true -and $drift.Count -eq 0 -and @($status.settings | Where-Object { $null -ne $_ }).Count -eq 0) { $drift.Add('(unnamed)') }
    foreach ($d in @($status.dependentsDown)) { if ($d) { $dependentsDown.Add([string]$d) } }

    $port = $remembered['WMIPORT']
    $result.Port = $port
    if ([string]$status.mode -ne 'standalone') {
        $problems.Add("winmgmt is not on its own service host (mode: $($status.mode))")
    }
    if (-not $port) {
        $problems.Add("no remembered WMIPORT under $WfpSettingsKey")
    } elseif ([string]$status.port -ne $port) {
        $inForce = [string]$status.port
        if (-not $inForce) { $inForce = 'none' }
        $problems.Add("the DCOM port in force is $inForce, the product set $port")
    }
    if ($status.staged -eq $true) {
        $notes.Add('restart pending: the configuration is written and applies when winmgmt restarts')
    }

    $wantRules = ($remembered['FIREWALL'] -eq '1')
    $rules = @(
        @{ Name = $WfpWmiRuleName; Feature = 'Firewall'; Fallback = $wantRules; Port = $port },
        @{ Name = $WfpEpmapRuleName; Feature = 'FirewallRpcEpmap'; Fallback = ($wantRules -and $remembered['OPEN_RPC_EPMAP'] -eq '1'); Port = '135' }
    )
    $rulesWanted = $false
    foreach ($r in $rules) {
        $state = Get-WfpFeatureState -ProductCode $choice.Product.ProductCode -Feature $r.Feature
        if (-not (Test-WfpRuleExpected -FeatureState $state -Fallback $r.Fallback)) { continue }
        $rulesWanted = $true
        $rule = Get-WfpFirewallRule -DisplayName $r.Name
        if ($null -eq $rule) { $problems.Add("firewall rule '$($r.Name)' is missing") }
        elseif (-not $rule.Enabled) { $problems.Add("firewall rule '$($r.Name)' is disabled") }
        elseif ($r.Port -and $rule.LocalPort -ne $r.Port) { $problems.Add("firewall rule '$($r.Name)' allows local port $($rule.LocalPort), not $($r.Port)") }
        else {
            # The rule's scope, against the values in force (the remembered ones): a rule widened to another profile
            # or to more remote addresses is not the product's rule.
            $widened = $false
            # No remembered value (an engine without settings and no registry value): the MSI's default, domain,private.
            $wantProfileValue = $remembered['FIREWALL_PROFILE']
            if (-not $wantProfileValue) { $wantProfileValue = 'domain,private' }
            $wantProfiles = @(Get-WfpRuleProfile -Value $wantProfileValue)
            $hasProfiles = @(ConvertTo-WfpProfileSet -Profile $rule.Profile)
            if (($hasProfiles -join ',') -ne (@($wantProfiles | Sort-Object -Unique) -join ',')) {
                $problems.Add("firewall rule '$($r.Name)' is for profiles $($hasProfiles -join ', '), not $($wantProfiles -join ', ') (FIREWALL_PROFILE)"); $widened = $true
            }
            $wantAddresses = $remembered['FIREWALL_REMOTE_ADDRESSES']
            if (-not $wantAddresses) { $wantAddresses = '*' }
            $hasAddresses = @(ConvertTo-WfpAddressSet -Addresses $rule.RemoteAddress)
            if (($hasAddresses -join ',') -ne (@(ConvertTo-WfpAddressSet -Addresses @($wantAddresses)) -join ',')) {
                $problems.Add("firewall rule '$($r.Name)' allows remote addresses $($hasAddresses -join ','), not $wantAddresses (FIREWALL_REMOTE_ADDRESSES)"); $widened = $true
            }
            if (-not $widened) { $notes.Add("rule '$($r.Name)' present") }
        }
    }
    if ($rulesWanted) {
        # Present is not enforced: with local rule merge off (AllowLocalPolicyMerge = 0 from Group Policy or Intune
        # firewall policy) the firewall ignores the MSI's local rules on that profile. The engine reads the Group Policy
        # store (status "localRulesIgnored"); the firewall's effective view (ActiveStore, which includes Intune's MDM
        # store) is asked as well.
        $ignored = @(@($status.localRulesIgnored) + @(Get-WfpActiveStoreLocalRulesIgnored) | Where-Object { $_ } | ForEach-Object { ([string]$_).ToLowerInvariant() } | Sort-Object -Unique)
        foreach ($profile in @(Get-WfpRuleProfile -Value $remembered['FIREWALL_PROFILE'])) {
            if ($ignored -contains $profile) { $rulesNotEnforced.Add($profile) }
        }
    }

    $listening = $status.listening
    $state = [string]$listening.state
    if ($state -eq 'listening') {
        if ($null -ne $listening.port -and $port -and [string]$listening.port -ne $port) {
            $problems.Add("winmgmt listens on port $($listening.port), not $port")
        } else { $notes.Add("port $port listening") }
    } elseif ($state -eq 'notListening') {
        # A healthy DCOM server may open its TCP endpoint only when the first remote client asks for it, so the
        # engine explains a closed port in "note" when that is expected; without a note it is a failure.
        if ([string]$listening.note) { $notes.Add("port $port not listening yet ($($listening.note))") }
        else { $problems.Add("port $port is not listening") }
    } elseif ($state) {
        $notes.Add("listening: $state")
    }
    $result
}

function Get-WfpRuleProfile {
    # The firewall profiles the product's rules are for (the remembered FIREWALL_PROFILE: 'all' or a comma list).
    param([string] $Value)
    if (-not $Value -or $Value -eq 'all') { return @('domain', 'private', 'public') }
    @(@('domain', 'private', 'public') | Where-Object { @($Value.ToLowerInvariant() -split ',') -contains $_ })
}

function Get-WfpRulesNotEnforcedText {
    param([string[]] $Profiles)
    "firewall rules present but not enforced on $($Profiles -join ', '): policy turned local rule merge off (AllowLocalPolicyMerge = 0); deliver the rules through Group Policy or Intune firewall policy (README)"
}

function Get-WfpActiveStoreLocalRulesIgnored {
    # Windows adapter: profiles whose effective policy (Get-NetFirewallProfile -PolicyStore ActiveStore, the merge of
    # the local, Group Policy and MDM stores) has AllowLocalFirewallRules False; nothing when it cannot be read.
    try {
        @(Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop | Where-Object { [string]$_.AllowLocalFirewallRules -eq 'False' } | ForEach-Object { ([string]$_.Name).ToLowerInvariant() })
    } catch { @() }
}

function Get-WfpCommandLineValue {
    # Windows adapter: the values install.cmd was given on its command line (name -> value), empty when none.
    $values = @{}
    $item = Get-ItemProperty -LiteralPath $WfpCommandLineKey -ErrorAction SilentlyContinue
    foreach ($name in $WfpPropertyNames) {
        if ($null -ne $item -and $null -ne $item.$name) { $values[$name] = [string]$item.$name }
    }
    $values
}

function Set-WfpCommandLineValue {
    # Windows adapter: replaces the remembered command-line values with these (none: the key is removed).
    param([hashtable] $Values)
    Remove-Item -LiteralPath $WfpCommandLineKey -Recurse -Force -ErrorAction SilentlyContinue
    if ($Values.Count -eq 0) {
        # Nothing of the kit stays behind: its key, and the product's key when the MSI has already removed the rest.
        $parent = Split-Path -Parent $WfpCommandLineKey
        foreach ($key in $parent, (Split-Path -Parent $parent)) {
            $item = Get-Item -LiteralPath $key -ErrorAction SilentlyContinue
            if ($null -eq $item -or $item.SubKeyCount -gt 0 -or $item.ValueCount -gt 0) { break }
            Remove-Item -LiteralPath $key -Force -ErrorAction SilentlyContinue
        }
        return
    }
    New-Item -Path $WfpCommandLineKey -Force | Out-Null
    foreach ($name in $Values.Keys) { New-ItemProperty -LiteralPath $WfpCommandLineKey -Name $name -PropertyType String -Value $Values[$name] -Force | Out-Null }
}

function ConvertTo-WfpPropertySet {
    # install.cmd's arguments (NAME=value, one per argument) -> name -> value. Only the product's public properties;
    # values limited to the characters they can hold (digits, letters, . , : / * - _) so that nothing can be injected
    # into msiexec's command line, then checked as the engine checks them (ConvertTo-WfpValidValue; FIREWALL_PROFILE
    # canonical). Throws a message naming the argument and what is allowed. Remediate-WmiFixedPort.ps1 passes the
    # remembered command-line values through this again before they reach msiexec.
    param([string[]] $Arguments)
    $values = @{}
    foreach ($a in @($Arguments | Where-Object { $null -ne $_ -and $_ -ne '' })) {
        $m = [regex]::Match($a, '^([A-Za-z_]+)=(.*)$')
        if (-not $m.Success) { throw "argument '$a' is not NAME=value; allowed names: $($WfpPropertyNames -join ', ')" }
        $name = $m.Groups[1].Value.ToUpperInvariant()
        $value = $m.Groups[2].Value
        if ($WfpPropertyNames -notcontains $name) { throw "property '$($m.Groups[1].Value)' is not one install.cmd passes on; allowed: $($WfpPropertyNames -join ', ')" }
        if ($value -notmatch '^[A-Za-z0-9.,:/*_-]+$') { throw "value '$value' of $name holds a character install.cmd does not pass on (allowed: letters, digits and . , : / * - _; not empty)" }
        if ($values.ContainsKey($name)) { throw "property $name is given twice" }
        $values[$name] = ConvertTo-WfpValidValue -Name $name -Value $value
    }
    $values
}

function ConvertTo-WfpValidValue {
    # One property's value checked as the engine's validator checks it (customactions/WmiFixedPort/Validation:
    # PortNumber.cs, AuthenticationLevel.cs, FirewallProfiles.cs, RemoteAddresses.cs; FIREWALL and OPEN_RPC_EPMAP are
    # 0 or 1, the MSI's launch conditions). Returns the value to pass on: FIREWALL_PROFILE canonical (lower case, in
    # the order domain, private, public, each once; 'all' stays 'all'), so that it is one of the ADMX's eight values
    # and compares equal with policy whatever order or case it was typed in. Throws a message that names the
    # property, the value and what is allowed.
    param([string] $Name, [string] $Value)
    $problem = $null
    $result = $Value
    switch ($Name) {
        'WMIPORT' {
            if ($Value -notmatch '^[1-9][0-9]{0,4}$' -or [int]$Value -lt 1024 -or [int]$Value -gt 65535) { $problem = 'expected a whole number from 1024 to 65535 (digits only), for example 24158' }
        }
        'WMIAUTHLEVEL' { if ($Value -notmatch '^[2-6]$') { $problem = 'expected 2 (CONNECT), 3 (CALL), 4 (PKT), 5 (PKT_INTEGRITY, the default) or 6 (PKT_PRIVACY)' } }
        'FIREWALL' { if ($Value -ne '0' -and $Value -ne '1') { $problem = 'expected 1 (create the firewall rules) or 0 (none)' } }
        'OPEN_RPC_EPMAP' { if ($Value -ne '0' -and $Value -ne '1') { $problem = 'expected 1 (also allow TCP 135 to the RPC endpoint mapper) or 0' } }
        'FIREWALL_PROFILE' {
            if ($Value -eq 'all') { $result = 'all' }
            else {
                $items = @($Value.ToLowerInvariant().Split([char]','))
                $bad = @($items | Where-Object { @('domain', 'private', 'public') -notcontains $_ })
                if ($bad.Count -gt 0) { $problem = "expected 'all' or a comma-separated list (no spaces) of domain, private, public, for example 'domain,private'" }
                else { $result = (@('domain', 'private', 'public') | Where-Object { $items -contains $_ }) -join ',' }
            }
        }
        'FIREWALL_REMOTE_ADDRESSES' {
            if ($Value -ne '*') {
                foreach ($item in $Value.Split([char]',')) {
                    $why = Get-WfpRemoteAddressProblem -Item $item
                    if ($why) { $problem = "$why; expected '*' or a comma-separated list (no spaces) of IPv4/IPv6 addresses, subnets (10.0.0.0/8, fd00::/8, 10.0.0.0/255.0.0.0), ranges (10.0.0.1-10.0.0.9) or the keywords LocalSubnet, DNS, DHCP, WINS, DefaultGateway"; break }
                }
            }
        }
        default { $problem = "not a property the kit passes on; allowed: $($WfpPropertyNames -join ', ')" }
    }
    if ($problem) { throw "value '$Value' of $Name is not allowed: $problem" }
    $result
}

function ConvertTo-WfpIpAddress {
    # An IPv4 address in dotted decimal (no leading zeros, no short forms) or an IPv6 address (hex digits, colons and
    # dots, no zone id), as RemoteAddresses.ParseAddress accepts; $null otherwise.
    param([string] $Text)
    if ($Text -match '^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$') { return [System.Net.IPAddress]::Parse($Text) }
    $address = $null
    if ($Text -match '^(?=.*:)[0-9A-Fa-f:.]+$' -and [System.Net.IPAddress]::TryParse($Text, [ref]$address) -and $address.AddressFamily -eq [System.Net.Sockets.AddressFamily]::InterNetworkV6) { return $address }
    $null
}

function Get-WfpRemoteAddressProblem {
    # One item of FIREWALL_REMOTE_ADDRESSES, checked as customactions/WmiFixedPort/Validation/RemoteAddresses.cs does;
    # $null when it is allowed.
    param([string] $Item)
    $shown = "item '$Item'"
    if ($Item -eq '') { return 'an empty item' }
    if ($Item -eq '*') { return "'*' must stand alone" }
    if (@('LocalSubnet', 'DNS', 'DHCP', 'WINS', 'DefaultGateway') -contains $Item) { return $null }
    $slash = $Item.IndexOf('/')
    if ($slash -ge 0) {
        $network = ConvertTo-WfpIpAddress $Item.Substring(0, $slash)
        $suffix = $Item.Substring($slash + 1)
        if ($null -eq $network) { return "$shown does not start with an IP address" }
        $max = 128
        if ($network.AddressFamily -eq [System.Net.Sockets.AddressFamily]::InterNetwork) { $max = 32 }
        if ($suffix -match '^(0|[1-9][0-9]{0,2})$') {
            if ([int]$suffix -le $max) { return $null }
            return "$shown has a prefix length above $max"
        }
        if ($max -eq 32 -and $null -ne (ConvertTo-WfpIpAddress $suffix) -and $suffix -notmatch ':') {
            $b = [System.Net.IPAddress]::Parse($suffix).GetAddressBytes()
            $bits = ([uint64]$b[0] * 16777216) + ([uint64]$b[1] * 65536) + ([uint64]$b[2] * 256) + [uint64]$b[3]
            $inverted = [uint64]4294967295 - $bits
            if (($inverted -band ($inverted + 1)) -eq 0) { return $null }
            return "$shown has a subnet mask that is not contiguous"
        }
        if ($max -eq 32) { return "$shown needs a prefix length 0-32 or a subnet mask" }
        return "$shown needs a prefix length 0-128"
    }
    $dash = $Item.IndexOf('-')
    if ($dash -ge 0) {
        $first = ConvertTo-WfpIpAddress $Item.Substring(0, $dash)
        $last = ConvertTo-WfpIpAddress $Item.Substring($dash + 1)
        if ($null -eq $first -or $null -eq $last) { return "$shown is not a range of two IP addresses" }
        if ($first.AddressFamily -ne $last.AddressFamily) { return "$shown mixes IPv4 and IPv6" }
        $x = $first.GetAddressBytes(); $y = $last.GetAddressBytes()
        for ($i = 0; $i -lt $x.Length; $i++) {
            if ($x[$i] -lt $y[$i]) { return $null }
            if ($x[$i] -gt $y[$i]) { return "$shown starts after it ends" }
        }
        return $null
    }
    if ($null -eq (ConvertTo-WfpIpAddress $Item)) { return "$shown is not an IP address, subnet, range or keyword" }
    $null
}

function ConvertTo-WfpAddressSet {
    # Remote addresses (as the MSI's FIREWALL_REMOTE_ADDRESSES or as Get-NetFirewallAddressFilter's RemoteAddress
    # reports them) to one comparable form: lower case, sorted, '*' for Any; IPv4 prefixes as dotted masks, a single
    # host (/32, /255.255.255.255, IPv6 /128) as the bare address, IPv6 in its canonical text. The firewall reports
    # "Any" for *, IPv4 subnets as address/mask and keywords by name (learn.microsoft.com/powershell/module/netsecurity/
    # get-netfirewalladdressfilter, -RemoteAddress).
    param([string[]] $Addresses)
    $out = foreach ($a in @($Addresses | ForEach-Object { ([string]$_) -split ',' } | Where-Object { $_ })) {
        $t = $a.Trim()
        if ($t -eq '*' -or $t -eq 'Any') { '*'; continue }
        $slash = $t.IndexOf('/')
        $addressText = $t; $suffix = $null
        if ($slash -ge 0) { $addressText = $t.Substring(0, $slash); $suffix = $t.Substring($slash + 1) }
        $ip = ConvertTo-WfpIpAddress $addressText
        if ($null -eq $ip) { $t.ToLowerInvariant(); continue }
        $text = $ip.ToString().ToLowerInvariant()
        if ($null -eq $suffix) { $text; continue }
        if ($ip.AddressFamily -eq [System.Net.Sockets.AddressFamily]::InterNetwork -and $suffix -match '^[0-9]{1,2}$' -and [int]$suffix -le 32) {
            $bits = [uint64]4294967296 - [uint64][math]::Pow(2, 32 - [int]$suffix)
            $suffix = '{0}.{1}.{2}.{3}' -f [math]::Floor($bits / 16777216), ([math]::Floor($bits / 65536) % 256), ([math]::Floor($bits / 256) % 256), ($bits % 256)
        }
        if ($suffix -eq '255.255.255.255' -or $suffix -eq '128') { $text; continue }
        "$text/$suffix"
    }
    @($out | Sort-Object -Unique)
}

function ConvertTo-WfpProfileSet {
    # The profiles a rule is for as Get-NetFirewallRule's Profile reports them ("Domain, Private"; "Any" = all,
    # learn.microsoft.com/powershell/module/netsecurity/get-netfirewallrule) to sorted lower-case names.
    param([string] $Profile)
    $names = @(([string]$Profile) -split ',' | ForEach-Object { $_.Trim().ToLowerInvariant() } | Where-Object { $_ })
    if ($names -contains 'any' -or $names.Count -eq 0) { return @('domain', 'private', 'public') }
    @($names | Sort-Object -Unique)
}

function ConvertTo-WfpMsiexecProperty {
    # name -> value to msiexec arguments NAME="value", in the product's property order.
    param([hashtable] $Values)
    foreach ($name in $WfpPropertyNames) { if ($Values.ContainsKey($name)) { $name + '="' + $Values[$name] + '"' } }
}

function Get-WfpLogFolder {
    # Intune's "Collect diagnostics" gathers %ProgramData%\Microsoft\IntuneManagementExtension\Logs; without the
    # Intune agent (ConfigMgr, by hand) the logs go to %WINDIR%\Temp.
    param([string] $ProgramData = $env:ProgramData, [string] $WinDir = $env:WINDIR)
    $ime = Join-Path $ProgramData 'Microsoft\IntuneManagementExtension\Logs'
    if (Test-Path -LiteralPath $ime -PathType Container) { return $ime }
    Join-Path $WinDir 'Temp'
}

function New-WfpLogPath {
    # WmiFixedPort-<action>-<yyyyMMdd-HHmmss>-<8 random characters>.log in the folder; the oldest logs of that action are deleted so that at
    # most $WfpLogsKept remain with the new one.
    param([string] $Folder, [string] $Action, [datetime] $Now = (Get-Date))
    $old = @(Get-ChildItem -LiteralPath $Folder -Filter "WmiFixedPort-$Action-*.log" -File -ErrorAction SilentlyContinue | Sort-Object Name -Descending)
    foreach ($f in @($old | Select-Object -Skip ($WfpLogsKept - 1))) { Remove-Item -LiteralPath $f.FullName -Force -ErrorAction SilentlyContinue }
    # A random part: two runs in the same second get two logs, and nobody can create (and lock) the name beforehand
    # in a shared folder such as %WINDIR%\Temp (msiexec would fail with 1622).
    $random = [System.IO.Path]::GetRandomFileName().Replace('.', '').Substring(0, 8)
    Join-Path $Folder ("WmiFixedPort-$Action-" + $Now.ToString('yyyyMMdd-HHmmss') + "-$random.log")
}

function Test-WfpProductCode {
    param([string] $Value)
    $Value -match '^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$'
}

function Get-WfpSourceRoot {
    param([string] $ProgramData = $env:ProgramData)
    Join-Path $ProgramData $WfpSourceFolderName
}

function Get-WfpKeptPackage {
    # The kept copy of the installed product's MSI (<SourceRoot>\{ProductCode}\WmiFixedPort.msi), or $null when there
    # is none or when it, or a folder above it, could have been written by someone other than SYSTEM or
    # Administrators (a repair runs it as SYSTEM: a planted package would run its custom actions as SYSTEM).
    param([string] $ProductCode, [string] $SourceRoot)
    if (-not (Test-WfpProductCode $ProductCode)) { return $null }
    $folder = Join-Path $SourceRoot $ProductCode
    $msi = Join-Path $folder $WfpKeptPackageName
    if (-not (Test-Path -LiteralPath $msi -PathType Leaf)) { return $null }
    foreach ($p in (Split-Path -Parent $SourceRoot), $SourceRoot, $folder, $msi) {
        if (-not (Test-WfpTrustedPath -Path $p)) { return $null }
    }
    # The SHA-256 install.cmd recorded in HKLM when it made the copy: checked here, just before msiexec runs it.
    $recorded = Get-WfpKeptPackageHash -ProductCode $ProductCode
    if (-not $recorded -or (Get-FileHash -LiteralPath $msi -Algorithm SHA256).Hash -ne $recorded) { return $null }
    $msi
}

function Get-WfpKeptPackageHash {
    # Windows adapter: the SHA-256 (hex) recorded for the product's kept copy, or $null.
    param([string] $ProductCode)
    $item = Get-ItemProperty -LiteralPath $WfpKeptPackageKey -Name $ProductCode -ErrorAction SilentlyContinue
    if ($null -eq $item) { return $null }
    [string]$item.$ProductCode
}

function Set-WfpKeptPackageHash {
    # Windows adapter: records the kept copy's SHA-256 under HKLM (writable by SYSTEM and Administrators only);
    # $Hash empty: removes the record.
    param([string] $ProductCode, [string] $Hash)
    if (-not $Hash) { Remove-ItemProperty -LiteralPath $WfpKeptPackageKey -Name $ProductCode -Force -ErrorAction SilentlyContinue; return }
    New-Item -Path $WfpKeptPackageKey -Force | Out-Null
    New-ItemProperty -LiteralPath $WfpKeptPackageKey -Name $ProductCode -PropertyType String -Value $Hash -Force | Out-Null
}

function Test-WfpTrustedPath {
    # Windows adapter: true when the file or folder is no link (reparse point), is owned by SYSTEM or Administrators,
    # and no Allow entry of its ACL gives anyone else a right to write, delete or change it.
    param([string] $Path)
    $item = Get-Item -LiteralPath $Path -Force -ErrorAction SilentlyContinue
    if ($null -eq $item -or ($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint)) { return $false }
    $trusted = @('S-1-5-18', 'S-1-5-32-544')
    $acl = Get-Acl -LiteralPath $Path
    if ($trusted -notcontains $acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value) { return $false }
    # Specific rights that write, delete or re-ACL, plus the generic ones that map to them (GENERIC_ALL 0x10000000,
    # GENERIC_WRITE 0x40000000: an ACE may hold them unmapped, and FileSystemRights has no name for them).
    $write = [int64][int][System.Security.AccessControl.FileSystemRights]'WriteData, AppendData, WriteExtendedAttributes, WriteAttributes, Delete, DeleteSubdirectoriesAndFiles, ChangePermissions, TakeOwnership'
    $write = $write -bor 0x10000000 -bor 0x40000000
    foreach ($ace in $acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier])) {
        if ([string]$ace.AccessControlType -ne 'Allow' -or (([int64][int]$ace.FileSystemRights) -band $write) -eq 0) { continue }
        if ($trusted -notcontains $ace.IdentityReference.Value) { return $false }
    }
    $true
}

function Invoke-WfpMsiexec {
    # Windows adapter: runs msiexec.exe with these arguments (already quoted), waits, returns its exit code.
    param([string[]] $ArgumentList)
    $msiexec = Join-Path $env:WINDIR 'System32\msiexec.exe'
    $process = Start-Process -FilePath $msiexec -ArgumentList $ArgumentList -Wait -PassThru -WindowStyle Hidden
    $process.ExitCode
}

function Get-WfpProductState {
    # Windows adapter: Installer.ProductState (5 INSTALLSTATE_DEFAULT = installed, -1 unknown product).
    param([string] $ProductCode)
    $installer = New-Object -ComObject WindowsInstaller.Installer
    [int](Get-WfpComProperty $installer 'ProductState' @($ProductCode))
}

function Get-WfpPackageInfo {
    # Windows adapter: ProductCode, ProductVersion and UpgradeCode from the MSI's Property table (read-only open; the
    # COM objects are released so that the file is not held open).
    param([string] $Path)
    $installer = New-Object -ComObject WindowsInstaller.Installer
    $db = $installer.GetType().InvokeMember('OpenDatabase', [System.Reflection.BindingFlags]::InvokeMethod, $null, $installer, @($Path, 0))
    $info = @{}
    try {
        foreach ($name in 'ProductCode', 'ProductVersion', 'UpgradeCode') {
            $view = $db.GetType().InvokeMember('OpenView', [System.Reflection.BindingFlags]::InvokeMethod, $null, $db, @("SELECT ``Value`` FROM ``Property`` WHERE ``Property`` = '$name'"))
            [void]$view.GetType().InvokeMember('Execute', [System.Reflection.BindingFlags]::InvokeMethod, $null, $view, $null)
            $record = $view.GetType().InvokeMember('Fetch', [System.Reflection.BindingFlags]::InvokeMethod, $null, $view, $null)
            if ($null -ne $record) {
                $info[$name] = [string]$record.GetType().InvokeMember('StringData', [System.Reflection.BindingFlags]::GetProperty, $null, $record, @(1))
                [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($record)
            }
            [void]$view.GetType().InvokeMember('Close', [System.Reflection.BindingFlags]::InvokeMethod, $null, $view, $null)
            [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($view)
        }
    } finally {
        [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($db)
        [System.GC]::Collect(); [System.GC]::WaitForPendingFinalizers()
    }
    [pscustomobject]@{ ProductCode = $info['ProductCode']; ProductVersion = $info['ProductVersion']; UpgradeCode = $info['UpgradeCode'] }
}

function New-WfpProtectedSecurity {
    # Owner Administrators; full control for SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) only; nothing inherited.
    param([switch] $Folder)
    if ($Folder) { $acl = New-Object System.Security.AccessControl.DirectorySecurity; $inherit = 'ContainerInherit, ObjectInherit' }
    else { $acl = New-Object System.Security.AccessControl.FileSecurity; $inherit = 'None' }
    $acl.SetOwner((New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-544')))
    $acl.SetAccessRuleProtection($true, $false)
    foreach ($sid in 'S-1-5-18', 'S-1-5-32-544') {
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule((New-Object System.Security.Principal.SecurityIdentifier($sid)), 'FullControl', $inherit, 'None', 'Allow')))
    }
    $acl
}

function Set-WfpProtectedFolder {
    # Windows adapter: the folder with an explicit, protected ACL: owner Administrators, full control for SYSTEM and
    # Administrators only, inherited by what it contains; nothing inherited from above (%ProgramData% lets Users
    # create folders and files). An existing folder that is a link (reparse point), or a file, or whose owner is
    # not SYSTEM or Administrators (a user created it first and may hold a handle with WRITE_DAC, or set a DACL
    # without SYSTEM) is never re-ACLed in place: it is renamed aside (Move-WfpUntrustedItem) and the folder is
    # created anew with its ACL in one step (New-WfpProtectedDirectory). A trusted existing folder gets the ACL.
    param([string] $Path)
    $item = Get-Item -LiteralPath $Path -Force -ErrorAction SilentlyContinue
    if ($null -ne $item) {
        $isLink = ($item.Attributes -band [System.IO.FileAttributes]::ReparsePoint) -ne 0
        if ($isLink -or -not $item.PSIsContainer -or -not (Test-WfpTrustedOwner -Path $Path)) {
            Move-WfpUntrustedItem -Path $Path | Out-Null
            $item = $null
        }
    }
    if ($null -eq $item) { New-WfpProtectedDirectory -Path $Path; return }
    Set-Acl -LiteralPath $Path -AclObject (New-WfpProtectedSecurity -Folder)
}

function Test-WfpTrustedOwner {
    # Windows adapter: true when the item's owner is SYSTEM or Administrators; false also when it cannot be read.
    param([string] $Path)
    try { @('S-1-5-18', 'S-1-5-32-544') -contains (Get-Acl -LiteralPath $Path).GetOwner([System.Security.Principal.SecurityIdentifier]).Value }
    catch { $false }
}

function Move-WfpUntrustedItem {
    # Windows adapter: renames the item (a link itself, not its target) to <name>.untrusted-<random> beside it; SYSTEM
    # and Administrators may delete children of %ProgramData% whatever the child's ACL says (FILE_DELETE_CHILD on the
    # parent). Returns the new path.
    param([string] $Path)
    $aside = $Path.TrimEnd('\', '/') + '.untrusted-' + [System.IO.Path]::GetRandomFileName().Replace('.', '')
    [System.IO.Directory]::Move($Path, $aside)
    $aside
}

function New-WfpProtectedDirectory {
    # Windows adapter: creates the folder with the protected ACL in the same call (no moment with an inherited ACL).
    # .NET Framework (Windows PowerShell 5.1): Directory.CreateDirectory(path, DirectorySecurity); .NET (PowerShell 7):
    # FileSystemAclExtensions.Create. Fails when the path exists (someone raced in: nothing is trusted then).
    param([string] $Path)
    if (Test-Path -LiteralPath $Path) { throw "$Path appeared while it was being created" }
    $security = New-WfpProtectedSecurity -Folder
    if ('System.IO.FileSystemAclExtensions' -as [type]) { [void][System.IO.FileSystemAclExtensions]::Create((New-Object System.IO.DirectoryInfo($Path)), $security) }
    else { [void][System.IO.Directory]::CreateDirectory($Path, $security) }
}

function Copy-WfpPackageToSource {
    # Windows adapter: copies the MSI to <SourceRoot>\<ProductCode>\WmiFixedPort.msi (a source needs the MSI under the
    # name it was installed with: SOURCELIST docs) after protecting every folder on the way and emptying the product's
    # folder (an item planted before keeps its own ACL when overwritten); the copy gets the same explicit ACL; its
    # SHA-256 is checked against the package and recorded under HKLM (Get-WfpKeptPackage checks it before every
    # msiexec run). Returns the path.
    param([string] $Package, [string] $ProductCode, [string] $SourceRoot)
    if (-not (Test-WfpProductCode $ProductCode)) { throw "'$ProductCode' is not a product code" }
    Set-WfpProtectedFolder -Path (Split-Path -Parent $SourceRoot)
    Set-WfpProtectedFolder -Path $SourceRoot
    $folder = Join-Path $SourceRoot $ProductCode
    Set-WfpProtectedFolder -Path $folder
    Get-ChildItem -LiteralPath $folder -Force | Remove-Item -Recurse -Force
    $target = Join-Path $folder $WfpKeptPackageName
    Copy-Item -LiteralPath $Package -Destination $target
    Set-Acl -LiteralPath $target -AclObject (New-WfpProtectedSecurity)
    $hash = (Get-FileHash -LiteralPath $target -Algorithm SHA256).Hash
    if ((Get-FileHash -LiteralPath $Package -Algorithm SHA256).Hash -ne $hash) { throw "the copy $target differs from $Package" }
    Set-WfpKeptPackageHash -ProductCode $ProductCode -Hash $hash
    $target
}

function Test-WfpFileInUse {
    # True when the exception (or one inside it) is Windows' sharing or lock violation (ERROR_SHARING_VIOLATION 32,
    # ERROR_LOCK_VIOLATION 33 as HRESULT 0x80070020 / 0x80070021): another process, e.g. a running repair, holds the
    # file - a retry later can succeed.
    param([System.Exception] $Exception)
    for ($e = $Exception; $null -ne $e; $e = $e.InnerException) {
        if ($e.HResult -eq -2147024864 -or $e.HResult -eq -2147024863) { return $true }
    }
    $false
}

function Add-WfpProductSource {
    # Windows adapter: adds the folder to the installed product's list of network sources (Installer.AddSource,
    # learn.microsoft.com/windows/win32/msi/installer-addsource; user "" = per-machine). When the registered source is
    # gone (Intune's deleted download), Windows Installer goes down the source list and finds this folder.
    param([string] $ProductCode, [string] $Folder)
    $installer = New-Object -ComObject WindowsInstaller.Installer
    [void]$installer.GetType().InvokeMember('AddSource', [System.Reflection.BindingFlags]::InvokeMethod, $null, $installer, @($ProductCode, '', ($Folder.TrimEnd('\') + '\')))
}

function Remove-WfpUnusedSource {
    # Windows adapter: deletes kept copies whose product is no longer installed (after a major upgrade or uninstall),
    # except $Keep; the whole source folder when nothing is left.
    param([string] $SourceRoot, [string] $Keep)
    foreach ($d in @(Get-ChildItem -LiteralPath $SourceRoot -Directory -ErrorAction SilentlyContinue)) {
        if ($d.Name -eq $Keep) { continue }
        $state = -1
        if (Test-WfpProductCode $d.Name) { try { $state = Get-WfpProductState -ProductCode $d.Name } catch { $state = -1 } }
        if ($state -ne 5) {
            Remove-Item -LiteralPath $d.FullName -Recurse -Force -ErrorAction SilentlyContinue
            if (Test-WfpProductCode $d.Name) { Set-WfpKeptPackageHash -ProductCode $d.Name -Hash '' }
        }
    }
    $hashes = Get-Item -LiteralPath $WfpKeptPackageKey -ErrorAction SilentlyContinue
    if ($null -ne $hashes -and $hashes.ValueCount -eq 0 -and $hashes.SubKeyCount -eq 0) { Remove-Item -LiteralPath $WfpKeptPackageKey -Force -ErrorAction SilentlyContinue }
    if (@(Get-ChildItem -LiteralPath $SourceRoot -Force -ErrorAction SilentlyContinue).Count -eq 0) {
        Remove-Item -LiteralPath $SourceRoot -Force -ErrorAction SilentlyContinue
        $parent = Split-Path -Parent $SourceRoot
        if (@(Get-ChildItem -LiteralPath $parent -Force -ErrorAction SilentlyContinue).Count -eq 0) { Remove-Item -LiteralPath $parent -Force -ErrorAction SilentlyContinue }
    }
}

function Get-WfpRepairArgument {
    # The repair command line. With the kept copy: /i <copy> REINSTALL=ALL REINSTALLMODE=vamus (v: run from this
    # source and re-cache the package, a: every file again, m/u/s: machine and user registry and shortcuts) - files,
    # rules and values all come back. Without it (installed before the kit kept a copy): /i {ProductCode} with "omus"
    # (o: only missing or older files; the cached package has no embedded cabinet, so a missing file still needs a
    # source). Command-line values go on as NAME="value". The product code is checked to be a GUID anyway.
    param([string] $ProductCode, [string] $KeptPackage, [string[]] $Properties, [string] $LogPath)
    if (-not (Test-WfpProductCode $ProductCode)) { throw "'$ProductCode' is not a product code" }
    if ($KeptPackage) { $args1 = @('/i', ('"' + $KeptPackage + '"'), 'REINSTALL=ALL', 'REINSTALLMODE=vamus') }
    else { $args1 = @('/i', $ProductCode, 'REINSTALL=ALL', 'REINSTALLMODE=omus') }
    $args1 + @($Properties | Where-Object { $_ }) + @('/qn', '/norestart', '/l*v', ('"' + $LogPath + '"'))
}
