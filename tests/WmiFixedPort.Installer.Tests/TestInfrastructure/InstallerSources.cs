using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

/// <summary>
/// The installer as the real WiX 5.0.2 compiler and linker produced it (<see cref="LinkedOutput"/>), with typed views of
/// the symbols the tests reason about: properties and their searches, SetProperty (type 51) actions, custom actions,
/// the InstallExecuteSequence, launch conditions, features, registry values, files and firewall rules. Field indexes
/// follow WixToolset.Data/Symbols/*SymbolFields at tag v5.0.2. A gap between the .wxs as we read it and as WiX reads it
/// therefore fails a test. Only the authoring-style checks (a comment beside each Custom, forbidden attributes) read
/// the .wxs text itself (<see cref="SourceFiles"/>, <see cref="Authored"/>).
/// </summary>
internal sealed class InstallerSources
{
    public static readonly XNamespace Wix = "http://wixtoolset.org/schemas/v4/wxs";

    private const int InstallExecuteSequence = 4; // SequenceTable.InstallExecuteSequence
    private const int InstallUISequence = 3;      // SequenceTable.InstallUISequence

    private static readonly Lazy<InstallerSources> ShippingSources = new(() => new(LinkedOutput.FromEnvironment(LinkedOutput.ShippingVariable)));
    private static readonly Lazy<InstallerSources> TestHookSources = new(() => new(LinkedOutput.FromEnvironment(LinkedOutput.TestHookVariable)));

    public InstallerSources(LinkedOutput output)
    {
        this.Output = output;
    }

    /// <summary>The package as shipped: built without FailAfterEnableForTesting.</summary>
    public static InstallerSources Shipping => ShippingSources.Value;

    /// <summary>The package the Windows lane builds with -p:FailAfterEnableForTesting=true.</summary>
    public static InstallerSources WithTestHook => TestHookSources.Value;

    public LinkedOutput Output { get; }

    /// <summary>The authoring of our MSI: installer/ and the extension's wixlib that it links (packaging/WmiFixedPort.Wixlib).</summary>
    public static IReadOnlyList<string> SourceFiles =>
        Directory.GetFiles(RepoRoot.Installer, "*.wxs")
            .Concat(Directory.GetFiles(RepoRoot.Wixlib, "*.wx?", SearchOption.AllDirectories).Where(f => f.EndsWith(".wxs", StringComparison.Ordinal) || f.EndsWith(".wxi", StringComparison.Ordinal)))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The name the tests use for an Id of the extension's per-platform fragments: WmiFixedPortEnable_X64 is "Enable",
    /// WmiFixedPortSetValidate_A64 is "SetValidate". Other Ids are returned as they are.
    /// </summary>
    public static string? Short(string? id)
    {
        if (id is null)
        {
            return null;
        }

        var match = System.Text.RegularExpressions.Regex.Match(id, "^WmiFixedPort(?<name>[A-Za-z]+)_(X64|A64)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
        return match.Success ? match.Groups["name"].Value : id;
    }

    /// <summary>An authored action name with the preprocessor's platform variables as the x64 build resolves them, shortened.</summary>
    private static string AuthoredName(string action) => Short(action.Split(' ').Last()
        .Replace("$(sys.BUILDARCHSHORT)", "X64", StringComparison.Ordinal)
        .Replace("$(var.Suffix)", "_X64", StringComparison.Ordinal))!;

    /// <summary>The .wxs text as authored (no preprocessing): for style rules only.</summary>
    public static IEnumerable<XElement> Authored(XName name) =>
        SourceFiles.SelectMany(f => XDocument.Load(f).Descendants(name));

    public IReadOnlyList<PropertyDecl> Properties
    {
        get
        {
            var values = this.Output.OfType("Property").ToDictionary(p => p.Id!, p => p.Field(0), StringComparer.Ordinal);
            var secure = this.Output.OfType("WixProperty").Where(p => p.Flag(3)).Select(p => p.Field(0)!).ToHashSet(StringComparer.Ordinal);
            var locators = this.Output.OfType("RegLocator").ToDictionary(r => r.Id!, StringComparer.Ordinal);
            var searches = this.Output.OfType("AppSearch").ToDictionary(
                a => a.Field(0)!,
                a => locators.TryGetValue(a.Field(1)!, out var r) ? new RegistryLocation(RootName(r.Number(0)), r.Field(1)!, r.Field(2)!) : null,
                StringComparer.Ordinal);
            return values.Keys.Concat(secure).Concat(searches.Keys).Distinct(StringComparer.Ordinal)
                .Select(id => new PropertyDecl(id, values.GetValueOrDefault(id), secure.Contains(id), searches.GetValueOrDefault(id)))
                .ToList();
        }
    }

    /// <summary>Every InstallExecuteSequence action the linker kept, with where it was scheduled.</summary>
    public IReadOnlyList<ActionDecl> ExecuteActions => this.SequenceActions(InstallExecuteSequence);

    public IReadOnlyList<SetPropertyDecl> SetProperties
    {
        get
        {
            var execute = this.SequenceActions(InstallExecuteSequence).ToDictionary(a => a.Action, StringComparer.Ordinal);
            var ui = this.SequenceActions(InstallUISequence).Select(a => a.Action).ToHashSet(StringComparer.Ordinal);
            // (sequence entries are already shortened; look the custom action up by its short name too)
            return this.Output.OfType("CustomAction")
                .Where(c => c.Number(2) == 0x30 && c.Number(4) == 3) // source: property, target: text (type 51)
                .Select(c =>
                {
                    var where = execute.GetValueOrDefault(Short(c.Id)!);
                    var sequence = where is null ? (ui.Contains(Short(c.Id)!) ? "ui" : "none") : (ui.Contains(Short(c.Id)!) ? "both" : "execute");
                    return new SetPropertyDecl(Short(c.Id)!, Short(c.Field(1))!, c.Field(3) ?? string.Empty, where?.Condition, where?.Before, where?.After, sequence);
                })
                .ToList();
        }
    }

    /// <summary>Every DLL custom action (ours and the extensions'), with <see cref="CustomActionDecl.IsOurs"/> telling them apart.</summary>
    public IReadOnlyList<CustomActionDecl> AllCustomActions => this.Output.OfType("CustomAction")
        .Where(c => c.Number(2) == 0 && c.Number(4) == 1) // source: binary, target: DLL
        .Select(c => new CustomActionDecl(
            Short(c.Id)!,
            (c.Number(0) ?? 0) switch { 1024 => "deferred", 1280 => "rollback", 1536 => "commit", _ => "immediate" },
            c.Flag(8) ? "yes" : "no",
            c.Flag(7) ? "ignore" : "check",
            c.Field(1),
            c.Field(3),
            c.IsOurs))
        .ToList();

    /// <summary>
    /// The error custom actions (type 19: source 0x10, target text 3, MS "Custom Action Type 19"): when its condition
    /// holds, Windows Installer shows the formatted text (the MSI log at /qn) and ends the install with failure.
    /// </summary>
    public IReadOnlyList<ErrorActionDecl> ErrorActions => this.Output.OfType("CustomAction")
        .Where(c => c.Number(2) == 0x10 && c.Number(4) == 3)
        .Select(c => new ErrorActionDecl(Short(c.Id)!, c.Field(3) ?? string.Empty))
        .ToList();

    /// <summary>The DLL custom actions declared in installer/*.wxs.</summary>
    public IReadOnlyList<CustomActionDecl> CustomActions => this.AllCustomActions.Where(c => c.IsOurs).ToList();

    /// <summary>The scheduling of our own DLL custom actions (what &lt;Custom&gt; authored), with the comment beside it.</summary>
    public IReadOnlyList<CustomDecl> Customs
    {
        get
        {
            var ours = this.CustomActions.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var comments = Authored(Wix + "Custom").ToDictionary(
                c => AuthoredName(c.Attribute("Action")!.Value),
                c => (c.PreviousNode as XComment)?.Value.Trim(),
                StringComparer.Ordinal);
            return this.ExecuteActions
                .Where(a => ours.Contains(a.Action) || (a.IsOurs && a.Access == "override"))
                .Select(a => new CustomDecl(a.Action, a.Before, a.After, a.Condition, comments.GetValueOrDefault(a.Action)))
                .ToList();
        }
    }

    public IReadOnlyList<LaunchDecl> LaunchConditions => this.Output.OfType("LaunchCondition")
        .Select(l => new LaunchDecl(l.Field(0)!, l.Field(1)!, l.IsOurs))
        .ToList();

    public IReadOnlyList<FeatureDecl> Features
    {
        get
        {
            var conditions = this.Output.OfType("Condition").ToLookup(c => c.Field(0)!, StringComparer.Ordinal);
            var components = this.Output.OfType("FeatureComponents").ToLookup(c => c.Field(0)!, c => c.Field(1)!, StringComparer.Ordinal);
            return this.Output.OfType("Feature").Select(f => new FeatureDecl(
                f.Id!,
                f.Number(4) ?? 1,
                conditions[f.Id!].Select(c => new LevelDecl(c.Number(1) ?? 0, c.Field(2)!)).ToList(),
                components[f.Id!].ToList(),
                string.IsNullOrEmpty(f.Field(0)) ? null : f.Field(0)))
                .ToList();
        }
    }

    public IReadOnlyList<RegistryValueDecl> RegistryValues => this.Output.OfType("Registry").Select(r => new RegistryValueDecl(
        RootName(r.Number(0)), r.Field(1)!, r.Field(2) ?? string.Empty, r.Field(3) ?? string.Empty, r.Field(6)!))
        .ToList();

    public IReadOnlyList<FileDecl> Files => this.Output.OfType("File")
        .Select(f => new FileDecl(f.Id!, f.Field(0)!, f.Field(1)!, f.Field(7)!))
        .ToList();

    public IReadOnlyList<string> Components => this.Output.OfType("Component").Select(c => c.Id!).ToList();

    /// <summary>Directory id to (parent id, name).</summary>
    public IReadOnlyDictionary<string, (string? Parent, string? Name)> Directories => this.Output.OfType("Directory")
        .ToDictionary(d => d.Id!, d => (d.Field(0), d.Field(1)), StringComparer.Ordinal);

    public IReadOnlyList<UpgradeDecl> Upgrades => this.Output.OfType("Upgrade").Select(u => new UpgradeDecl(
        u.Field(1), u.Field(2), u.Flag(7), u.Flag(8), u.Flag(9), u.Field(11)!))
        .ToList();

    public IReadOnlyList<FirewallRuleDecl> FirewallRules => this.Output.OfType("WixFirewallException").Select(f => new FirewallRuleDecl(
        f.Field("Name")!,
        f.Field("Grouping"),
        f.Field("Protocol"),
        f.Field("Port"),
        f.Field("Program"),
        f.Field("ServiceName"),
        f.Field("Profile"),
        f.Field("Description"),
        f.Field("RemoteAddresses"),
        f.Field("ComponentRef")!))
        .ToList();

    private List<ActionDecl> SequenceActions(int table) => this.Output.OfType("WixAction")
        .Where(a => a.Number(0) == table)
        .Select(a => new ActionDecl(Short(a.Field(1))!, a.Field(2), a.Number(3), Short(a.Field(4)), Short(a.Field(5)), a.Access, a.IsOurs))
        .ToList();

    private static string RootName(int? root) => root switch { 0 => "HKCR", 1 => "HKCU", 2 => "HKLM", 3 => "HKU", -1 => "HKMU", _ => "?" };
}

internal sealed record RegistryLocation(string Root, string Key, string Name)
{
    public override string ToString() => $@"{this.Root}\{this.Key}\{this.Name}";
}

internal sealed record PropertyDecl(string Id, string? Value, bool Secure, RegistryLocation? Search);

internal sealed record ActionDecl(string Action, string? Condition, int? Sequence, string? Before, string? After, string? Access, bool IsOurs);

internal sealed record SetPropertyDecl(string Action, string Property, string Value, string? Condition, string? Before, string? After, string Sequence);

internal sealed record CustomActionDecl(string Id, string Execute, string Impersonate, string Return, string? BinaryRef, string? DllEntry, bool IsOurs)
{
    public bool IsDeferred => this.Execute is "deferred" or "rollback" or "commit";
}

internal sealed record ErrorActionDecl(string Id, string Message);

internal sealed record CustomDecl(string Action, string? Before, string? After, string? Condition, string? Comment);

internal sealed record LaunchDecl(string Condition, string Message, bool IsOurs);

internal sealed record LevelDecl(int Value, string Condition);

internal sealed record FeatureDecl(string Id, int Level, IReadOnlyList<LevelDecl> LevelConditions, IReadOnlyList<string> ComponentRefs, string? Parent = null);

internal sealed record RegistryValueDecl(string Root, string Key, string Name, string Value, string ComponentId);

internal sealed record FileDecl(string Id, string ComponentId, string Name, string DirectoryId);

internal sealed record UpgradeDecl(string? VersionMin, string? VersionMax, bool OnlyDetect, bool VersionMaxInclusive, bool VersionMinInclusive, string ActionProperty);

/// <summary>A firewall rule; RemoteAddresses is the extension's comma-joined list of the RemoteAddress children.</summary>
internal sealed record FirewallRuleDecl(
    string Name, string? Grouping, string? Protocol, string? Port, string? Program, string? Service, string? Profile,
    string? Description, string? RemoteAddresses, string ComponentId);
