# Reads the Group Policy template (packaging/gpo) and the installer's WiX authoring, for the cross-checks that
# Microsoft's ADMX schema cannot make. Every function returns data or a list of problems (strings), so that the tests
# can feed them broken copies and see the problems reported.

$AdmxNamespace = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions'
$PolicyKey = 'SOFTWARE\Policies\WmiFixedPort'

function Read-XmlFile([string] $Path) {
    # WiX sources may repeat a block with the preprocessor (<?foreach V in a;b?>...$(V)...<?endforeach?>): expand it,
    # as the WiX preprocessor does, before reading the XML. Other preprocessor instructions are left as they are.
    $text = [System.IO.File]::ReadAllText($Path)
    $loop = '(?s)<\?foreach\s+(\w+)\s+in\s+([^?]*?)\s*\?>(.*?)<\?endforeach\s*\?>'
    while ($text -match $loop) {
        $text = [regex]::Replace($text, $loop, {
            param($m)
            $name = $m.Groups[1].Value
            $body = $m.Groups[3].Value
            (@($m.Groups[2].Value.Split(';') | ForEach-Object { $_.Trim() } | Where-Object { $_ }) | ForEach-Object {
                $body.Replace('$(' + $name + ')', $_).Replace('$(var.' + $name + ')', $_) }) -join ''
        })
    }
    $doc = New-Object System.Xml.XmlDocument
    $doc.PreserveWhitespace = $false
    $doc.LoadXml($text)
    $doc
}

function Get-AdmxChildElement($Node, [string] $LocalName) {
    @($Node.ChildNodes | Where-Object { $_.NodeType -eq 'Element' -and $_.LocalName -eq $LocalName })
}

function Get-AdmxValue($ValueNode) {
    # <enabledValue>/<value>/<trueValue> hold one of <string>, <decimal value="">, <longDecimal value="">, <delete/>.
    $child = @($ValueNode.ChildNodes | Where-Object { $_.NodeType -eq 'Element' }) | Select-Object -First 1
    switch ($child.LocalName) {
        'string' { return [pscustomobject]@{ Type = 'REG_SZ'; Value = $child.InnerText } }
        'decimal' { return [pscustomobject]@{ Type = 'REG_DWORD'; Value = $child.GetAttribute('value') } }
        'longDecimal' { return [pscustomobject]@{ Type = 'REG_QWORD'; Value = $child.GetAttribute('value') } }
        'delete' { return [pscustomobject]@{ Type = 'delete'; Value = $null } }
    }
    [pscustomobject]@{ Type = "unknown <$($child.LocalName)>"; Value = $null }
}

function Get-AdmxRegistryWrite {
    # One entry per registry value a policy can write: Policy, Element, Key, ValueName, Type (REG_SZ, REG_DWORD,
    # REG_EXPAND_SZ, ...), Values (the fixed strings it can write, or $null for free input), Min/Max for decimals.
    param([Parameter(Mandatory)] [string] $AdmxPath)
    $doc = Read-XmlFile $AdmxPath
    $writes = New-Object System.Collections.Generic.List[object]
    foreach ($policy in $doc.GetElementsByTagName('policy', $AdmxNamespace)) {
        $name = $policy.GetAttribute('name'); $key = $policy.GetAttribute('key')
        if ($policy.GetAttribute('valueName')) {
            $values = @(); $types = @()
            foreach ($tag in 'enabledValue', 'disabledValue') {
                foreach ($v in (Get-AdmxChildElement $policy $tag)) { $x = Get-AdmxValue $v; $values += $x.Value; $types += $x.Type }
            }
            if ($types.Count -eq 0) { $types = @('REG_DWORD'); $values = @('1', '0') }   # no enabled/disabled value: DWORD 1/0
            $writes.Add([pscustomobject]@{ Policy = $name; Element = $null; Key = $key; ValueName = $policy.GetAttribute('valueName'); Type = (@($types | Sort-Object -Unique) -join '+'); Values = $values; Min = $null; Max = $null })
        }
        foreach ($elements in (Get-AdmxChildElement $policy 'elements')) {
            foreach ($e in @($elements.ChildNodes | Where-Object { $_.NodeType -eq 'Element' })) {
                $eKey = $e.GetAttribute('key'); if (-not $eKey) { $eKey = $key }
                $entry = [pscustomobject]@{ Policy = $name; Element = $e.GetAttribute('id'); Key = $eKey; ValueName = $e.GetAttribute('valueName'); Type = $null; Values = $null; Min = $null; Max = $null }
                switch ($e.LocalName) {
                    'decimal' {
                        if ($e.GetAttribute('storeAsText') -eq 'true') { $entry.Type = 'REG_SZ' } else { $entry.Type = 'REG_DWORD' }
                        $entry.Min = 0; $entry.Max = 9999   # the schema's defaults
                        if ($e.HasAttribute('minValue')) { $entry.Min = [long]$e.GetAttribute('minValue') }
                        if ($e.HasAttribute('maxValue')) { $entry.Max = [long]$e.GetAttribute('maxValue') }
                    }
                    'text' { if ($e.GetAttribute('expandable') -eq 'true') { $entry.Type = 'REG_EXPAND_SZ' } else { $entry.Type = 'REG_SZ' } }
                    'enum' {
                        $types = @(); $values = @()
                        foreach ($item in (Get-AdmxChildElement $e 'item')) {
                            foreach ($v in (Get-AdmxChildElement $item 'value')) { $x = Get-AdmxValue $v; $types += $x.Type; $values += $x.Value }
                        }
                        $entry.Type = (@($types | Sort-Object -Unique) -join '+'); $entry.Values = $values
                    }
                    'boolean' {
                        $types = @(); $values = @()
                        foreach ($tag in 'trueValue', 'falseValue') {
                            foreach ($v in (Get-AdmxChildElement $e $tag)) { $x = Get-AdmxValue $v; $types += $x.Type; $values += $x.Value }
                        }
                        if ($types.Count -eq 0) { $types = @('REG_DWORD'); $values = @('1', '0') }
                        $entry.Type = (@($types | Sort-Object -Unique) -join '+'); $entry.Values = $values
                    }
                    default { $entry.Type = "unsupported <$($e.LocalName)>" }
                }
                $writes.Add($entry)
            }
        }
    }
    $writes.ToArray()
}

function Get-WixSourceFile {
    # *.wxs and *.wxi under installer/ and packaging/, without build output and samples.
    param([Parameter(Mandatory)] [string] $Root)
    foreach ($dir in 'installer', 'packaging') {
        $path = Join-Path $Root $dir
        if (-not (Test-Path -LiteralPath $path)) { continue }
        Get-ChildItem -LiteralPath $path -Recurse -File -Include '*.wxs', '*.wxi' |
            Where-Object { $_.FullName.Substring($Root.Length) -notmatch '[\\/](bin|obj|samples)[\\/]' }
    }
}

function Get-InstallerPolicySearch {
    # Every RegistrySearch on the policy key: Name, Type, Root, Bitness, Property (the property it fills), File.
    param([Parameter(Mandatory)] [string[]] $Files)
    foreach ($file in $Files) {
        $doc = Read-XmlFile $file
        foreach ($s in @($doc.SelectNodes('//*[local-name()="RegistrySearch"]'))) {
            if ($s.GetAttribute('Key') -ine $PolicyKey) { continue }
            [pscustomobject]@{
                Name = $s.GetAttribute('Name'); Type = $s.GetAttribute('Type'); Root = $s.GetAttribute('Root')
                Bitness = $s.GetAttribute('Bitness'); Property = $s.ParentNode.GetAttribute('Id'); File = $file
            }
        }
    }
}

function Get-InstallerCondition {
    # Conditions that decide which values the installer accepts: Launch conditions, and SetProperty conditions.
    param([Parameter(Mandatory)] [string[]] $Files)
    foreach ($file in $Files) {
        $doc = Read-XmlFile $file
        foreach ($n in @($doc.SelectNodes('//*[local-name()="Launch" or local-name()="SetProperty"]'))) {
            [pscustomobject]@{ Kind = $n.LocalName; Id = $n.GetAttribute('Id'); Condition = $n.GetAttribute('Condition'); File = $file }
        }
    }
}

function Get-InstallerAcceptedValue {
    # What the installer accepts for each property, read from its conditions:
    #   WMIPORT: Min/Max from "WMIPORT >= a AND WMIPORT <= b", Excluded from "WMIPORT <> n";
    #   WMIAUTHLEVEL: the integers of "WMIAUTHLEVEL >= a AND WMIAUTHLEVEL <= b";
    #   FIREWALL, OPEN_RPC_EPMAP: the n of "P = n" in launch conditions;
    #   FIREWALL_PROFILE: the canonical spellings the profile mask SetProperty actions map (see below).
    param([Parameter(Mandatory)] [object[]] $Conditions)
    $launch = @($Conditions | Where-Object { $_.Kind -eq 'Launch' } | ForEach-Object { $_.Condition })
    $result = @{}
    # Every source is read (installer/ and the packaging/ library may both carry the conditions): values that differ
    # between sources show up as more than one Min/Max and fail the comparison.
    $ports = @($launch | Where-Object { $_ -match 'WMIPORT\s*>=\s*(\d+)' -and $_ -match 'WMIPORT\s*<=\s*\d+' })
    if ($ports.Count -gt 0) {
        $min = @($ports | ForEach-Object { [long]([regex]::Match($_, 'WMIPORT\s*>=\s*(\d+)').Groups[1].Value) } | Sort-Object -Unique)
        $max = @($ports | ForEach-Object { [long]([regex]::Match($_, 'WMIPORT\s*<=\s*(\d+)').Groups[1].Value) } | Sort-Object -Unique)
        $excluded = @($launch | ForEach-Object { [regex]::Matches($_, 'WMIPORT\s*<>\s*(\d+)') } | ForEach-Object { [long]$_.Groups[1].Value } | Sort-Object -Unique)
        $result['WMIPORT'] = [pscustomobject]@{ Min = $(if ($min.Count -eq 1) { $min[0] } else { $min }); Max = $(if ($max.Count -eq 1) { $max[0] } else { $max }); Excluded = $excluded }
    }
    $auth = @($launch | Where-Object { $_ -match 'WMIAUTHLEVEL\s*>=\s*(\d+)' })
    if ($auth.Count -gt 0) {
        $result['WMIAUTHLEVEL'] = @($auth | ForEach-Object {
            $a = [int]([regex]::Match($_, 'WMIAUTHLEVEL\s*>=\s*(\d+)').Groups[1].Value)
            $b = [int]([regex]::Match($_, 'WMIAUTHLEVEL\s*<=\s*(\d+)').Groups[1].Value)
            $a..$b | ForEach-Object { [string]$_ } } | Sort-Object -Unique)
    }
    foreach ($name in 'FIREWALL', 'OPEN_RPC_EPMAP') {
        $pattern = '(?<![A-Za-z0-9_])' + $name + '\s*=\s*(\d+)'
        $c = @($launch | Where-Object { $_ -match $pattern })
        if ($c.Count -gt 0) { $result[$name] = @($c | ForEach-Object { [regex]::Matches($_, $pattern) } | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique) }
    }
    # The mask actions test 'FIREWALL_PROFILE ~= "all"' or, since issue 15, containment clauses
    # ('FIREWALL_PROFILE ~>< "domain" AND NOT FIREWALL_PROFILE ~>< "public" ...', any order and case accepted): each
    # gives the canonical spelling of the profiles it requires, in the order domain, private, public.
    $profiles = @($Conditions | Where-Object { $_.Kind -eq 'SetProperty' } | ForEach-Object {
            $exact = [regex]::Match($_.Condition, '^\s*FIREWALL_PROFILE\s*~=\s*"([^"]+)"\s*$')
            if ($exact.Success) { $exact.Groups[1].Value }
            else {
                $names = @([regex]::Matches($_.Condition, '(?<!NOT\s)FIREWALL_PROFILE\s*~><\s*"([^"]+)"') | ForEach-Object { $_.Groups[1].Value })
                if ($names.Count -gt 0) { (@('domain', 'private', 'public') | Where-Object { $names -contains $_ }) -join ',' }
            }
        } | Sort-Object -Unique)
    if ($profiles.Count -gt 0) { $result['FIREWALL_PROFILE'] = $profiles }
    $result
}

function Compare-PolicyRegistryContract {
    # Problems between what the template writes and what the installer's policy searches read.
    param([Parameter(Mandatory)] [object[]] $Writes, [object[]] $Searches)
    $problems = New-Object System.Collections.Generic.List[string]
    $read = @{}
    foreach ($s in $Searches) {
        $read[$s.Name] = $true
        if ($s.Root -ne 'HKLM') { $problems.Add("installer search for $($s.Name) ($($s.File)) reads root $($s.Root), not HKLM") }
        if ($s.Type -ne 'raw') { $problems.Add("installer search for $($s.Name) ($($s.File)) has Type '$($s.Type)', not 'raw'") }
    }
    $written = @{}
    foreach ($w in $Writes) {
        $written[$w.ValueName] = $true
        if ($w.Key -ine $PolicyKey) { $problems.Add("policy $($w.Policy) writes key '$($w.Key)', the installer reads '$PolicyKey'") }
        if ($w.Type -ne 'REG_SZ') { $problems.Add("policy $($w.Policy) writes $($w.ValueName) as $($w.Type); the installer's raw search needs REG_SZ") }
        if (-not $read.ContainsKey($w.ValueName)) { $problems.Add("policy $($w.Policy) writes $($w.ValueName), which the installer does not read") }
    }
    foreach ($name in $read.Keys) {
        if (-not $written.ContainsKey($name)) { $problems.Add("the installer reads $name under $PolicyKey, which no policy writes") }
    }
    $problems.ToArray()
}

function Compare-PolicyRange {
    # Problems between the template's ranges and choices and what the installer accepts.
    param([Parameter(Mandatory)] [object[]] $Writes, [Parameter(Mandatory)] [hashtable] $Accepted)
    $problems = New-Object System.Collections.Generic.List[string]
    foreach ($w in $Writes) {
        $name = $w.ValueName
        if (-not $Accepted.ContainsKey($name)) {
            if ($name -ne 'FIREWALL_REMOTE_ADDRESSES') { $problems.Add("no installer condition found for $name") }
            continue
        }
        $ok = $Accepted[$name]
        if ($name -eq 'WMIPORT') {
            if ($w.Min -ne $ok.Min -or $w.Max -ne $ok.Max) { $problems.Add("policy $($w.Policy) allows $($w.Min)..$($w.Max); the installer accepts $($ok.Min)..$($ok.Max)") }
        } else {
            $mine = @($w.Values | Sort-Object -Unique)
            $theirs = @($ok | Sort-Object -Unique)
            $extra = @($mine | Where-Object { $theirs -notcontains $_ })
            $missing = @($theirs | Where-Object { $mine -notcontains $_ })
            if ($extra.Count -gt 0) { $problems.Add("policy $($w.Policy) offers $name value(s) the installer refuses: $($extra -join ' | ')") }
            if ($missing.Count -gt 0) { $problems.Add("policy $($w.Policy) does not offer $name value(s) the installer accepts: $($missing -join ' | ')") }
        }
    }
    $problems.ToArray()
}

function Compare-AdmxAdml {
    # Problems between the .admx and its .adml: strings and presentations that are referred to and missing, and
    # presentations whose controls do not match the policy's elements.
    param([Parameter(Mandatory)] [string] $AdmxPath, [Parameter(Mandatory)] [string] $AdmlPath)
    $problems = New-Object System.Collections.Generic.List[string]
    $admxText = [System.IO.File]::ReadAllText($AdmxPath)
    $adml = Read-XmlFile $AdmlPath
    $strings = @{}; foreach ($s in $adml.GetElementsByTagName('string', $AdmxNamespace)) { $strings[$s.GetAttribute('id')] = $s.InnerText }
    $presentations = @{}; foreach ($p in $adml.GetElementsByTagName('presentation', $AdmxNamespace)) { $presentations[$p.GetAttribute('id')] = $p }
    foreach ($m in [regex]::Matches($admxText, '\$\(string\.([^)]+)\)')) {
        $id = $m.Groups[1].Value
        if (-not $strings.ContainsKey($id)) { $problems.Add("`$(string.$id) has no string in the .adml") }
        elseif (-not $strings[$id].Trim()) { $problems.Add("`$(string.$id) is empty in the .adml") }
    }
    $controlFor = @{ decimal = 'decimalTextBox'; text = 'textBox'; enum = 'dropdownList'; boolean = 'checkBox'; list = 'listBox'; multiText = 'multiTextBox' }
    $admx = Read-XmlFile $AdmxPath
    foreach ($policy in $admx.GetElementsByTagName('policy', $AdmxNamespace)) {
        $name = $policy.GetAttribute('name')
        $elements = @(Get-AdmxChildElement $policy 'elements' | ForEach-Object { @($_.ChildNodes | Where-Object { $_.NodeType -eq 'Element' }) })
        $ref = $policy.GetAttribute('presentation')
        if (-not $ref) {
            if ($elements.Count -gt 0) { $problems.Add("policy $name has elements but no presentation") }
            continue
        }
        $id = [regex]::Match($ref, '^\$\(presentation\.([^)]+)\)$').Groups[1].Value
        if (-not $presentations.ContainsKey($id)) { $problems.Add("`$(presentation.$id) of policy $name has no presentation in the .adml"); continue }
        $controls = @($presentations[$id].ChildNodes | Where-Object { $_.NodeType -eq 'Element' -and $_.GetAttribute('refId') })
        foreach ($e in $elements) {
            $c = @($controls | Where-Object { $_.GetAttribute('refId') -eq $e.GetAttribute('id') })
            if ($c.Count -ne 1) { $problems.Add("presentation $id has $($c.Count) controls for element $($e.GetAttribute('id')), expected 1"); continue }
            if ($c[0].LocalName -ne $controlFor[$e.LocalName]) { $problems.Add("presentation $id shows element $($e.GetAttribute('id')) ($($e.LocalName)) with a $($c[0].LocalName), expected $($controlFor[$e.LocalName])") }
        }
        foreach ($c in $controls) {
            if (-not @($elements | Where-Object { $_.GetAttribute('id') -eq $c.GetAttribute('refId') })) { $problems.Add("presentation $id refers to $($c.GetAttribute('refId')), which policy $name does not have") }
        }
    }
    $problems.ToArray()
}
