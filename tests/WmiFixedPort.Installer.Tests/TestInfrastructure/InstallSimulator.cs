using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WmiFixedPort.Installer.Tests.Conditions;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

/// <summary>One msiexec run: the properties Windows Installer sets (and the command line's), and the registry the searches see.</summary>
internal sealed record Scenario(string Name, IReadOnlyDictionary<string, string> Properties, IReadOnlyDictionary<string, string> Registry)
{
    public static Scenario Create(string name) =>
        new(name, new Dictionary<string, string>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    public Scenario WithProperty(string name, string value) =>
        this with { Properties = new Dictionary<string, string>(this.Properties, StringComparer.Ordinal) { [name] = value } };

    public Scenario WithRegistry(string path, string value) =>
        this with { Registry = new Dictionary<string, string>(this.Registry, StringComparer.OrdinalIgnoreCase) { [path] = value } };

    /// <summary>The machine every scenario starts from: Windows 10 22H2 with .NET Framework 4.8.1.</summary>
    public static Scenario OnSupportedMachine(string name) => Create(name)
        .WithProperty("Privileged", "1")
        .WithProperty("VersionNT", "603")
        .WithProperty("System64Folder", @"C:\Windows\system32\")
        .WithRegistry(@"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\CurrentBuildNumber", "19045")
        .WithRegistry(@"HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full\Release", "#533325");

    /// <summary>The values an earlier install remembered under HKLM\SOFTWARE\WmiFixedPort\Settings.</summary>
    public Scenario WithRemembered(string property, string value) =>
        this.WithRegistry($@"HKLM\SOFTWARE\WmiFixedPort\Settings\{property}", value);

    /// <summary>
    /// The features installed before this maintenance run (a pseudo-property the simulator reads; without it, a
    /// maintenance run finds every feature installed): components of the others are absent (?Comp = 2).
    /// </summary>
    public Scenario WithInstalledFeatures(params string[] features) =>
        this.WithProperty(InstallSimulator.InstalledFeaturesKey, string.Join(",", features));

    /// <summary>A Group Policy value under HKLM\SOFTWARE\Policies\WmiFixedPort (a REG_DWORD reads as "#n").</summary>
    public Scenario WithPolicy(string property, string value) =>
        this.WithRegistry($@"HKLM\SOFTWARE\Policies\WmiFixedPort\{property}", value);
}

/// <summary>One deferred or rollback action written to the install script, with its CustomActionData.</summary>
internal sealed record ScriptEntry(string Action, string Execute, string CustomActionData, bool IgnoreFailure = false)
{
    public override string ToString() => $"{this.Action} ({this.Execute}): {this.CustomActionData}";
}

/// <summary>
/// A firewall rule as the firewall extension's scheduler formats it for a component being installed (WiX
/// src/ext/Firewall/ca/firewall.cpp, v5.0.2: SchedFirewallExceptions formats Port, Profile and RemoteAddresses of each
/// rule whose component's action state is INSTALLSTATE_LOCAL; an empty formatted Profile is MSI_NULL_INTEGER, which it
/// turns into NET_FW_PROFILE2_ALL).
/// </summary>
internal sealed record RuleWrite(string Name, string Port, string Profile, string RemoteAddresses);

internal sealed record RunResult(
    IReadOnlyList<string> FailedLaunchConditions,
    IReadOnlyList<ScriptEntry> Script,
    IReadOnlyDictionary<string, string> Properties,
    string? Refusal = null,
    IReadOnlyList<RuleWrite>? Rules = null,
    IReadOnlyDictionary<string, string>? Remembered = null,
    IReadOnlyList<RuleWrite>? Removed = null)
{
    /// <summary>
    /// The rules the firewall extension's uninstall scheduler formats (components being removed, action state 2): it
    /// removes them by name, and its rollback re-creates them from exactly these values (WiX firewall.cpp,
    /// SchedFirewallExceptions(WCA_TODO_UNINSTALL) writes the formatted Profile, RemoteAddresses and Port to the
    /// CustomActionData of RollbackFirewallExceptionsUninstall and ExecFirewallExceptionsUninstall).
    /// </summary>
    public IReadOnlyList<RuleWrite> RulesRemoved => this.Removed ?? [];

    public IReadOnlyList<string> ScriptLines => this.Script.Select(s => s.ToString()).ToList();

    /// <summary>True when the run ended before InstallInitialize: a launch condition or an error action (type 19).</summary>
    public bool Stopped => this.FailedLaunchConditions.Count > 0 || this.Refusal is not null;

    /// <summary>The rules the run writes (empty when it writes none or stopped).</summary>
    public IReadOnlyList<RuleWrite> RulesWritten => this.Rules ?? [];

    /// <summary>The Settings values the run writes (WriteRegistryValues), or null when it writes none.</summary>
    public IReadOnlyDictionary<string, string>? RememberedWritten => this.Remembered;
}

/// <summary>
/// Runs the immediate part of the InstallExecuteSequence the way msiexec does for a silent (/qn) run: AppSearch fills
/// the searched properties from <see cref="Scenario.Registry"/>, the SetProperty actions run in order when their
/// condition holds, LaunchConditions stops everything when one condition is false, and each of our deferred/rollback
/// actions whose condition holds is written to the script with the CustomActionData of its same-named property,
/// formatted as Windows Installer formats it (see <see cref="Format"/>).
/// </summary>
internal static partial class InstallSimulator
{
    public const string ProgramFiles64 = @"C:\Program Files\";
    public const string ExePath = ProgramFiles64 + @"WmiFixedPort\WmiFixedPort.exe";

    /// <summary>The pseudo-property of <see cref="Scenario.WithInstalledFeatures"/> (not a valid MSI property name).</summary>
    public const string InstalledFeaturesKey = "~InstalledFeatures";

    public static RunResult Run(InstallerSources sources, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(scenario);
        // The Property table first (ProductCode, UpgradeCode, ...), then the run's (command line, set by the installer).
        var properties = sources.Properties.Where(p => !string.IsNullOrEmpty(p.Value)).ToDictionary(p => p.Id, p => p.Value!, StringComparer.Ordinal);
        foreach (var (name, value) in scenario.Properties)
        {
            properties[name] = value;
        }

        var setProperties = sources.SetProperties.ToDictionary(s => s.Action, StringComparer.Ordinal);
        var customActions = sources.AllCustomActions.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var errorActions = sources.ErrorActions.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var script = new List<ScriptEntry>();
        var context = new FormatContext(sources, scenario);

        foreach (var action in ExecuteSequence.Build(sources))
        {
            switch (action.Kind)
            {
                case ActionKind.Standard when action.Name == "AppSearch":
                    foreach (var property in sources.Properties.Where(p => p.Search is not null))
                    {
                        if (scenario.Registry.TryGetValue(property.Search!.ToString(), out var found))
                        {
                            properties[property.Id] = found;
                        }
                    }

                    break;
                case ActionKind.Standard when action.Name == "CostFinalize":
                    foreach (var (component, state) in ComponentStates(sources, properties))
                    {
                        properties[component] = state;
                    }

                    break;
                case ActionKind.Standard when action.Name == "LaunchConditions":
                    var failed = sources.LaunchConditions
                        .Where(l => !MsiCondition.Evaluate(l.Condition, properties))
                        .Select(l => l.Message)
                        .ToList();
                    if (failed.Count > 0)
                    {
                        return new RunResult(failed, [], properties);
                    }

                    break;
                case ActionKind.Error when MsiCondition.Evaluate(action.Condition, properties):
                    // Type 19: the install ends here (before InstallInitialize: nothing was written, nothing ran).
                    return new RunResult([], [], properties, errorActions[action.Name].Message);
                case ActionKind.SetProperty when MsiCondition.Evaluate(action.Condition, properties):
                    var set = setProperties[action.Name];
                    var value = Format(set.Value, properties, context);
                    if (value.Length == 0)
                    {
                        properties.Remove(set.Property);
                    }
                    else
                    {
                        properties[set.Property] = value;
                    }

                    break;
                case ActionKind.Custom when MsiCondition.Evaluate(action.Condition, properties):
                    var customAction = customActions[action.Name];
                    if (customAction.IsDeferred)
                    {
                        script.Add(new ScriptEntry(action.Name, customAction.Execute, properties.GetValueOrDefault(action.Name) ?? string.Empty, customAction.Return == "ignore"));
                    }

                    break;
            }
        }

        return new RunResult([], script, properties, null, RulesWritten(sources, properties), RememberedWritten(sources, properties), RulesRemoved(sources, properties));
    }

    /// <summary>The rules whose component is being removed (action state 2), formatted with the run's properties.</summary>
    public static IReadOnlyList<RuleWrite> RulesRemoved(InstallerSources sources, IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return sources.FirewallRules
            .Where(r => properties.GetValueOrDefault("$" + r.ComponentId) == "2")
            .Select(r => new RuleWrite(r.Name, Format(r.Port ?? string.Empty, properties), Format(r.Profile ?? string.Empty, properties), Format(r.RemoteAddresses ?? string.Empty, properties)))
            .ToList();
    }

    /// <summary>The rules whose component is being installed (action state 3), formatted with the run's properties.</summary>
    public static IReadOnlyList<RuleWrite> RulesWritten(InstallerSources sources, IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return sources.FirewallRules
            .Where(r => properties.GetValueOrDefault("$" + r.ComponentId) == "3")
            .Select(r => new RuleWrite(r.Name, Format(r.Port ?? string.Empty, properties), Format(r.Profile ?? string.Empty, properties), Format(r.RemoteAddresses ?? string.Empty, properties)))
            .ToList();
    }

    /// <summary>
    /// The values written under HKLM\SOFTWARE\WmiFixedPort\Settings: WriteRegistryValues writes a component's registry
    /// values when the component is being installed; on a reinstall only with REINSTALLMODE "m" (MS: REINSTALLMODE
    /// property, "m: Rewrite all required registry entries ... HKEY_LOCAL_MACHINE"; default "omus"). Null when none.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? RememberedWritten(InstallerSources sources, IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var values = sources.RegistryValues.Where(r => r.Key == @"SOFTWARE\WmiFixedPort\Settings").ToList();
        var component = values.Select(v => v.ComponentId).Distinct().Single();
        var reinstallMode = properties.GetValueOrDefault("REINSTALLMODE") ?? "omus";
        var isReinstall = properties.ContainsKey("REINSTALL") && properties.GetValueOrDefault("?" + component) == "3";
        if (properties.GetValueOrDefault("$" + component) != "3" || (isReinstall && !reinstallMode.Contains('m', StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return values.ToDictionary(v => v.Name, v => Format(v.Value, properties), StringComparer.Ordinal);
    }

    /// <summary>
    /// The components' states as conditions read them after CostFinalize (MS: conditional-statement-syntax): "$Id" the
    /// action state, "?Id" the installed state; 2 absent, 3 local, -1 no action. Installed (?=3) on a maintenance run
    /// when a feature installed before holds it (<see cref="Scenario.WithInstalledFeatures"/>, default every feature).
    /// Action: removed (2) when REMOVE is ALL or names a feature that holds it and it is installed; local (3) when the
    /// run installs it: a first install of a feature selected by its level, ADDLOCAL, or a reinstall of an installed
    /// component (REINSTALL=ALL: every installed feature; a list: those features; MS: REINSTALL property, "only
    /// features already installed are reinstalled"); no action (-1) otherwise.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> ComponentStates(InstallerSources sources, IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(sources);
        static HashSet<string> List(IReadOnlyDictionary<string, string> p, string name) =>
            (p.GetValueOrDefault(name) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var removeAll = string.Equals(properties.GetValueOrDefault("REMOVE"), "ALL", StringComparison.OrdinalIgnoreCase);
        var removed = List(properties, "REMOVE");
        var added = List(properties, "ADDLOCAL");
        var installed = properties.ContainsKey("Installed");
        var reinstallAll = string.Equals(properties.GetValueOrDefault("REINSTALL"), "ALL", StringComparison.OrdinalIgnoreCase);
        var reinstalled = List(properties, "REINSTALL");
        var installedFeatures = !installed ? []
            : properties.ContainsKey(InstalledFeaturesKey) ? List(properties, InstalledFeaturesKey)
            : sources.Features.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var selected = installed ? [] : DefaultFeatures(sources, properties).ToHashSet(StringComparer.Ordinal);
        // The feature tree (MS: Feature table, Feature_Parent; "Controlling Feature Selection States"): a feature removed
        // takes its children with it; a child installed brings its parent; a child of a parent left out of a first
        // install is not installed either.
        var parents = sources.Features.ToDictionary(f => f.Id, f => f.Parent, StringComparer.Ordinal);
        IEnumerable<string> Ancestors(string id)
        {
            for (var p = parents.GetValueOrDefault(id); p is not null; p = parents.GetValueOrDefault(p))
            {
                yield return p;
            }
        }

        removed = sources.Features.Where(f => removed.Contains(f.Id) || Ancestors(f.Id).Any(removed.Contains)).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        added = added.Concat(added.SelectMany(Ancestors)).ToHashSet(StringComparer.Ordinal);
        selected = selected.Where(f => Ancestors(f).All(selected.Contains)).ToHashSet(StringComparer.Ordinal);
        foreach (var component in sources.Components)
        {
            var features = sources.Features.Where(f => f.ComponentRefs.Contains(component)).Select(f => f.Id).ToList();
            var isInstalled = features.Any(installedFeatures.Contains);
            var action = isInstalled && (removeAll || features.Any(removed.Contains)) ? "2"
                : features.Any(added.Contains) || features.Any(selected.Contains) ? "3"
                : isInstalled && (reinstallAll || features.Any(reinstalled.Contains)) ? "3"
                : "-1";
            yield return ("$" + component, action);
            yield return ("?" + component, isInstalled ? "3" : "2");
        }
    }

    /// <summary>The feature Ids whose level (after the Level conditions) is at most INSTALLLEVEL 1: installed by default.</summary>
    public static IReadOnlyList<string> DefaultFeatures(InstallerSources sources, IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return sources.Features
            .Where(f =>
            {
                var level = f.Level;
                foreach (var condition in f.LevelConditions.Where(c => MsiCondition.Evaluate(c.Condition, properties)))
                {
                    level = condition.Value;
                }

                return level is > 0 and <= 1;
            })
            .Select(f => f.Id)
            .ToList();
    }

    /// <summary>
    /// Formats a value as MsiFormatRecord does for the forms the installer uses ("Formatted", Windows Installer reference,
    /// learn.microsoft.com/windows/win32/msi/formatted): [Property] is the property's value; [DirectoryId] the directory's
    /// full path (with its trailing backslash); [#FileKey] the file's full path, which depends on the action state of the
    /// file's component: blank when the component is being removed (Absent). Anything else in brackets is left as written.
    /// </summary>
    public static string Format(string value, IReadOnlyDictionary<string, string> properties, FormatContext? context = null) =>
        BracketPattern().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            if (name.StartsWith('#'))
            {
                return context?.FilePath(name[1..]) ?? match.Value;
            }

            return context?.DirectoryPath(name) ?? properties.GetValueOrDefault(name) ?? string.Empty;
        });

    [GeneratedRegex(@"\[([^\[\]]+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex BracketPattern();
}

/// <summary>What formatting needs beyond properties: directories, files and the components' action states in one run.</summary>
internal sealed class FormatContext
{
    private readonly InstallerSources _sources;
    private readonly Scenario _scenario;

    public FormatContext(InstallerSources sources, Scenario scenario)
    {
        _sources = sources;
        _scenario = scenario;
    }

    /// <summary>The full path of a directory of the package, or null when the name is not a directory.</summary>
    public string? DirectoryPath(string id)
    {
        if (id == "ProgramFiles64Folder")
        {
            return InstallSimulator.ProgramFiles64;
        }

        if (!_sources.Directories.TryGetValue(id, out var directory))
        {
            return null;
        }

        var parent = directory.Parent is null ? string.Empty : this.DirectoryPath(directory.Parent) ?? string.Empty;
        return directory.Name is null or "." ? parent : parent + directory.Name + "\\";
    }

    /// <summary>[#FileKey]: blank when the file's component is being removed in this run, otherwise its full path.</summary>
    public string FilePath(string fileId)
    {
        var file = _sources.Files.Single(f => f.Id == fileId);
        return this.IsBeingRemoved(file.ComponentId) ? string.Empty : this.DirectoryPath(file.DirectoryId) + file.Name;
    }

    /// <summary>
    /// A component's action state is Absent when REMOVE is ALL (uninstall, or the old version's removal in an upgrade) or
    /// names a feature that holds it; otherwise Local (install, repair, modify of other features).
    /// </summary>
    public bool IsBeingRemoved(string componentId)
    {
        var remove = _scenario.Properties.GetValueOrDefault("REMOVE") ?? string.Empty;
        if (remove.Equals("ALL", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var removed = remove.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return _sources.Features.Any(f => removed.Contains(f.Id) && f.ComponentRefs.Contains(componentId));
    }
}
