using System;
using System.Collections.Generic;
using System.Linq;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

internal enum ActionKind { Standard, Extension, SetProperty, Custom }

internal sealed record ScheduledAction(string Name, ActionKind Kind, string? Condition);

/// <summary>
/// The InstallExecuteSequence as WiX 5 would order it: the standard actions at their standard numbers, every relatively
/// scheduled action placed by the same tree walk as WiX's SequenceActionsCommand (an action's Before-children, the
/// action, then its After-children, recursively, in declaration order).
/// Standard numbers: WiX WindowsInstallerStandard.cs. Extension actions: the Firewall wixlib
/// (FirewallExtension_Platform.wxi: Sched...Uninstall Before RemoveFiles, Sched...Install After InstallFiles) and
/// MajorUpgrade's default RemoveExistingProducts After InstallValidate.
/// </summary>
internal static class ExecuteSequence
{
    private static readonly (string Name, int Sequence)[] StandardActions =
    [
        ("FindRelatedProducts", 25), ("AppSearch", 50), ("LaunchConditions", 100), ("CostInitialize", 800),
        ("FileCost", 900), ("CostFinalize", 1000), ("InstallValidate", 1400), ("InstallInitialize", 1500),
        ("RemoveRegistryValues", 2600), ("RemoveFiles", 3500), ("InstallFiles", 4000), ("WriteRegistryValues", 5000),
        ("InstallFinalize", 6600),
    ];

    private sealed record Relative(ScheduledAction Action, string? Before, string? After);

    public static IReadOnlyList<ScheduledAction> Build(InstallerSources sources, string buildArchShort = "X64")
    {
        ArgumentNullException.ThrowIfNull(sources);
        var relatives = new List<Relative>
        {
            new(new ScheduledAction("RemoveExistingProducts", ActionKind.Extension, null), null, "InstallValidate"),
            new(new ScheduledAction($"Wix5SchedFirewallExceptionsUninstall_{buildArchShort}", ActionKind.Extension, "VersionNT >= 600"), "RemoveFiles", null),
            new(new ScheduledAction($"Wix5SchedFirewallExceptionsInstall_{buildArchShort}", ActionKind.Extension, "VersionNT >= 600"), null, "InstallFiles"),
        };
        relatives.AddRange(sources.SetProperties
            .Where(s => s.Sequence is "execute" or "both")
            .Select(s => new Relative(new ScheduledAction(s.Action, ActionKind.SetProperty, s.Condition), s.Before, s.After)));
        relatives.AddRange(sources.Customs
            .Select(c => new Relative(new ScheduledAction(c.Action, ActionKind.Custom, c.Condition), c.Before, c.After)));

        var known = StandardActions.Select(s => s.Name).Concat(relatives.Select(r => r.Action.Name)).ToHashSet(StringComparer.Ordinal);
        var before = new Dictionary<string, List<Relative>>(StringComparer.Ordinal);
        var after = new Dictionary<string, List<Relative>>(StringComparer.Ordinal);
        foreach (var relative in relatives)
        {
            var (parent, map) = relative.After is not null ? (relative.After, after) : (relative.Before!, before);
            if (!known.Contains(parent))
            {
                throw new InvalidOperationException($"{relative.Action.Name} is scheduled relative to unknown action {parent}");
            }

            if (!map.TryGetValue(parent, out var list))
            {
                map[parent] = list = [];
            }

            list.Add(relative);
        }

        var ordered = new List<ScheduledAction>();
        void Walk(string name, ScheduledAction self)
        {
            foreach (var child in before.GetValueOrDefault(name) ?? [])
            {
                Walk(child.Action.Name, child.Action);
            }

            ordered.Add(self);
            foreach (var child in after.GetValueOrDefault(name) ?? [])
            {
                Walk(child.Action.Name, child.Action);
            }
        }

        foreach (var (name, _) in StandardActions)
        {
            Walk(name, new ScheduledAction(name, ActionKind.Standard, null));
        }

        var missing = relatives.Select(r => r.Action.Name).Except(ordered.Select(o => o.Name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("Not sequenced: " + string.Join(", ", missing));
        }

        return ordered;
    }
}
