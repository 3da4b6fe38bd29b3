using System;
using System.Collections.Generic;
using System.Linq;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

internal enum ActionKind { Standard, Extension, SetProperty, Custom, Error }

internal sealed record ScheduledAction(string Name, ActionKind Kind, string? Condition);

/// <summary>
/// The InstallExecuteSequence as WiX 5 orders it at bind time, from the linked output's WixAction symbols: actions with a
/// sequence number (standard actions) in number order, and every relatively scheduled action placed by the same tree walk
/// as WiX's SequenceActionsCommand (an action's Before-children, the action, then its After-children, recursively, in
/// declaration order). The linker keeps only the standard actions something refers to; the binder adds the other
/// required ones at their standard numbers (WiX WindowsInstallerStandard.cs, v5.0.2), listed here.
/// </summary>
internal static class ExecuteSequence
{
    private static readonly (string Name, int Sequence)[] RequiredStandardActions =
    [
        ("FindRelatedProducts", 25), ("AppSearch", 50), ("LaunchConditions", 100), ("ValidateProductID", 700),
        ("CostInitialize", 800), ("FileCost", 900), ("CostFinalize", 1000), ("MigrateFeatureStates", 1200),
        ("InstallValidate", 1400), ("InstallInitialize", 1500), ("ProcessComponents", 1600), ("UnpublishFeatures", 1800),
        ("RemoveRegistryValues", 2600), ("RemoveFiles", 3500), ("InstallFiles", 4000), ("WriteRegistryValues", 5000),
        ("RegisterUser", 6000), ("RegisterProduct", 6100), ("PublishFeatures", 6300), ("PublishProduct", 6400),
        ("InstallFinalize", 6600),
    ];

    public static IReadOnlyList<ScheduledAction> Build(InstallerSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var setProperties = sources.SetProperties.Select(s => s.Action).ToHashSet(StringComparer.Ordinal);
        var ours = sources.CustomActions.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var errors = sources.ErrorActions.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var actions = sources.ExecuteActions;

        var numbered = RequiredStandardActions.ToDictionary(s => s.Name, s => s.Sequence, StringComparer.Ordinal);
        foreach (var action in actions.Where(a => a.Sequence is not null))
        {
            numbered[action.Action] = action.Sequence!.Value;
        }

        var conditions = actions.ToDictionary(a => a.Action, a => a.Condition, StringComparer.Ordinal);
        ScheduledAction Describe(string name) => new(
            name,
            numbered.ContainsKey(name) ? ActionKind.Standard
                : setProperties.Contains(name) ? ActionKind.SetProperty
                : ours.Contains(name) ? ActionKind.Custom
                : errors.Contains(name) ? ActionKind.Error : ActionKind.Extension,
            conditions.GetValueOrDefault(name));

        var before = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var after = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var relatives = actions.Where(a => a.Sequence is null).ToList();
        var known = numbered.Keys.Concat(relatives.Select(r => r.Action)).ToHashSet(StringComparer.Ordinal);
        foreach (var relative in relatives)
        {
            var (parent, map) = relative.After is not null ? (relative.After, after) : (relative.Before!, before);
            if (!known.Contains(parent))
            {
                throw new InvalidOperationException($"{relative.Action} is scheduled relative to unknown action {parent}");
            }

            if (!map.TryGetValue(parent, out var list))
            {
                map[parent] = list = [];
            }

            list.Add(relative.Action);
        }

        var ordered = new List<ScheduledAction>();
        void Walk(string name)
        {
            foreach (var child in before.GetValueOrDefault(name) ?? [])
            {
                Walk(child);
            }

            ordered.Add(Describe(name));
            foreach (var child in after.GetValueOrDefault(name) ?? [])
            {
                Walk(child);
            }
        }

        foreach (var name in numbered.OrderBy(n => n.Value).Select(n => n.Key))
        {
            Walk(name);
        }

        var missing = relatives.Select(r => r.Action).Except(ordered.Select(o => o.Name)).ToList();
        return missing.Count > 0 ? throw new InvalidOperationException("Not sequenced: " + string.Join(", ", missing)) : ordered;
    }
}
