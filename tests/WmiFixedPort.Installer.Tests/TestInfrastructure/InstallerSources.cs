using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

/// <summary>
/// The installer's .wxs files (installer/*.wxs), preprocessed for one set of defines, with typed views of the elements
/// the tests reason about. Built with <see cref="Load"/>; the shipping package is <see cref="Shipping"/>.
/// </summary>
internal sealed class InstallerSources
{
    public static readonly XNamespace Wix = "http://wixtoolset.org/schemas/v4/wxs";
    public static readonly XNamespace Util = "http://wixtoolset.org/schemas/v4/wxs/util";
    public static readonly XNamespace Firewall = "http://wixtoolset.org/schemas/v4/wxs/firewall";

    private static readonly Lazy<InstallerSources> ShippingSources = new(() => Load(withTestHook: false));
    private static readonly Lazy<InstallerSources> TestHookSources = new(() => Load(withTestHook: true));

    private InstallerSources(IReadOnlyList<XDocument> documents)
    {
        this.Documents = documents;
    }

    /// <summary>The package as shipped: built without FailAfterEnableForTesting.</summary>
    public static InstallerSources Shipping => ShippingSources.Value;

    /// <summary>The package the Windows lane builds with -p:FailAfterEnableForTesting=true.</summary>
    public static InstallerSources WithTestHook => TestHookSources.Value;

    public IReadOnlyList<XDocument> Documents { get; }

    public static IReadOnlyList<string> SourceFiles =>
        Directory.GetFiles(RepoRoot.Installer, "*.wxs").OrderBy(f => f, StringComparer.Ordinal).ToList();

    public static InstallerSources Load(bool withTestHook)
    {
        var defines = new Dictionary<string, string>(StringComparer.Ordinal) { ["ProductVersion"] = "1.0.0" };
        if (withTestHook)
        {
            defines["FailAfterEnableForTesting"] = "1";
        }

        var documents = SourceFiles
            .Select(f => WixPreprocessor.Process(XDocument.Load(f, LoadOptions.SetLineInfo), defines))
            .ToList();
        return new InstallerSources(documents);
    }

    public IEnumerable<XElement> Elements(XName name) => this.Documents.SelectMany(d => d.Descendants(name));

    public IReadOnlyList<PropertyDecl> Properties => this.Elements(Wix + "Property").Select(p => new PropertyDecl(
        Attr(p, "Id")!,
        Attr(p, "Value"),
        Attr(p, "Secure") == "yes",
        p.Elements(Wix + "RegistrySearch").Select(s => new RegistryLocation(Attr(s, "Root")!, Attr(s, "Key")!, Attr(s, "Name")!)).FirstOrDefault()))
        .ToList();

    public IReadOnlyList<SetPropertyDecl> SetProperties => this.Elements(Wix + "SetProperty").Select(s => new SetPropertyDecl(
        Attr(s, "Action") ?? "Set" + Attr(s, "Id"),
        Attr(s, "Id")!,
        Attr(s, "Value") ?? string.Empty,
        Attr(s, "Condition"),
        Attr(s, "Before"),
        Attr(s, "After"),
        Attr(s, "Sequence") ?? "both"))
        .ToList();

    public IReadOnlyList<CustomActionDecl> CustomActions => this.Elements(Wix + "CustomAction").Select(c => new CustomActionDecl(
        Attr(c, "Id")!,
        Attr(c, "Execute") ?? "immediate",
        Attr(c, "Impersonate"),
        Attr(c, "Return"),
        Attr(c, "BinaryRef"),
        Attr(c, "DllEntry")))
        .ToList();

    public IReadOnlyList<CustomDecl> Customs => this.Elements(Wix + "Custom").Select(c => new CustomDecl(
        Attr(c, "Action")!,
        Attr(c, "Before"),
        Attr(c, "After"),
        Attr(c, "Condition"),
        (c.PreviousNode as XComment)?.Value.Trim()))
        .ToList();

    public IReadOnlyList<LaunchDecl> LaunchConditions => this.Elements(Wix + "Launch")
        .Select(l => new LaunchDecl(Attr(l, "Condition")!, Attr(l, "Message")!))
        .ToList();

    public IReadOnlyList<FeatureDecl> Features => this.Elements(Wix + "Feature").Select(f => new FeatureDecl(
        Attr(f, "Id")!,
        int.Parse(Attr(f, "Level") ?? "1", System.Globalization.CultureInfo.InvariantCulture),
        f.Elements(Wix + "Level").Select(l => new LevelDecl(
            int.Parse(Attr(l, "Value")!, System.Globalization.CultureInfo.InvariantCulture), Attr(l, "Condition")!)).ToList(),
        f.Elements(Wix + "ComponentRef").Select(r => Attr(r, "Id")!)
            .Concat(f.Elements(Wix + "ComponentGroupRef").Select(r => Attr(r, "Id")!)).ToList()))
        .ToList();

    public IReadOnlyList<RegistryValueDecl> RegistryValues => this.Elements(Wix + "RegistryValue").Select(v => new RegistryValueDecl(
        Attr(v, "Root") ?? Attr(v.Parent!, "Root")!,
        Attr(v, "Key") ?? Attr(v.Parent!, "Key")!,
        Attr(v, "Name")!,
        Attr(v, "Value")!))
        .ToList();

    public IReadOnlyList<FirewallRuleDecl> FirewallRules => this.Elements(Firewall + "FirewallException").Select(f => new FirewallRuleDecl(
        Attr(f, "Name")!,
        Attr(f, "Grouping"),
        Attr(f, "Protocol"),
        Attr(f, "Port"),
        Attr(f, "Program"),
        Attr(f, "Service"),
        Attr(f, "Profile"),
        Attr(f, "Description"),
        Attr(f, "IgnoreFailure"),
        Attr(f, "Scope"),
        f.Elements(Firewall + "RemoteAddress").Select(r => Attr(r, "Value")!).ToList(),
        Attr(f.Parent!, "Id")!))
        .ToList();

    private static string? Attr(XElement element, string name) => element.Attribute(name)?.Value;
}

internal sealed record RegistryLocation(string Root, string Key, string Name)
{
    public override string ToString() => $@"{this.Root}\{this.Key}\{this.Name}";
}

internal sealed record PropertyDecl(string Id, string? Value, bool Secure, RegistryLocation? Search);

internal sealed record SetPropertyDecl(string Action, string Property, string Value, string? Condition, string? Before, string? After, string Sequence);

internal sealed record CustomActionDecl(string Id, string Execute, string? Impersonate, string? Return, string? BinaryRef, string? DllEntry)
{
    public bool IsDeferred => this.Execute is "deferred" or "rollback" or "commit";
}

internal sealed record CustomDecl(string Action, string? Before, string? After, string? Condition, string? Comment);

internal sealed record LaunchDecl(string Condition, string Message);

internal sealed record LevelDecl(int Value, string Condition);

internal sealed record FeatureDecl(string Id, int Level, IReadOnlyList<LevelDecl> LevelConditions, IReadOnlyList<string> ComponentRefs);

internal sealed record RegistryValueDecl(string Root, string Key, string Name, string Value);

internal sealed record FirewallRuleDecl(
    string Name, string? Grouping, string? Protocol, string? Port, string? Program, string? Service, string? Profile,
    string? Description, string? IgnoreFailure, string? Scope, IReadOnlyList<string> RemoteAddresses, string ComponentId);
