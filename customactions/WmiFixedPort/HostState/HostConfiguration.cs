using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using WmiFixedPort.Machine;

namespace WmiFixedPort.HostState;

/// <summary>
/// Everything about winmgmt's hosting that <c>winmgmt /standalonehost</c>, <c>/sharedhost</c> and the product change:
/// the tracked values (null = absent), the tracked keys' values (null = key absent; a key missing from
/// <see cref="Keys"/> was not recorded, as in a format 1 record) and winmgmt's position in the <c>netsvcs</c> group
/// (-1 = not a member).
/// </summary>
internal sealed class HostConfiguration
{
    private static readonly Regex GroupSwitch = new(@"(?:^|\s)-k\s+(\S+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public HostConfiguration(
        IReadOnlyDictionary<TrackedValue, RegValue?> values,
        IReadOnlyDictionary<TrackedKey, IReadOnlyDictionary<string, RegValue>?> keys,
        int netsvcsIndex)
    {
        Values = values;
        Keys = keys;
        NetsvcsIndex = netsvcsIndex;
    }

    public IReadOnlyDictionary<TrackedValue, RegValue?> Values { get; }

    /// <summary>The tracked keys that are known, each with its values by name (case-insensitive) or null when absent.</summary>
    public IReadOnlyDictionary<TrackedKey, IReadOnlyDictionary<string, RegValue>?> Keys { get; }

    /// <summary>The values of <c>SvcHost\winmgmt</c> by name (case-insensitive), or null when the key is absent.</summary>
    public IReadOnlyDictionary<string, RegValue>? SvcHostWinmgmtKey => Keys.TryGetValue(TrackedKey.SvcHostWinmgmt, out var key) ? key : null;

    public int NetsvcsIndex { get; }

    public RegValue? this[TrackedValue value] => Values.TryGetValue(value, out RegValue? found) ? found : null;

    public HostMode Mode
    {
        get
        {
            Match match = GroupSwitch.Match(this[TrackedValue.ServiceImagePath]?.Text ?? string.Empty);
            if (!match.Success)
            {
                return HostMode.Unknown;
            }

            return match.Groups[1].Value.ToUpperInvariant() switch
            {
                "WINMGMT" => HostMode.Standalone,
                "NETSVCS" => HostMode.Shared,
                _ => HostMode.Unknown,
            };
        }
    }

    /// <summary>The TCP port of the DCOM Endpoints value, or null (dynamic RPC port).</summary>
    public int? Port => DcomEndpoint.PortOf(this[TrackedValue.DcomEndpoints]);

    /// <summary>The AuthenticationLevel of <c>SvcHost\winmgmt</c>, or null when it is absent.</summary>
    public int? AuthLevel =>
        SvcHostWinmgmtKey is not null && SvcHostWinmgmtKey.TryGetValue(RegistryLocations.AuthenticationLevelValue, out RegValue? level)
            ? level.Number
            : null;

    public string Describe() =>
        string.Format(
            CultureInfo.InvariantCulture,
            "mode {0}, port {1}, auth level {2}",
            Mode.ToString().ToLowerInvariant(),
            Port?.ToString(CultureInfo.InvariantCulture) ?? "dynamic",
            AuthLevel?.ToString(CultureInfo.InvariantCulture) ?? "none");

    /// <summary>True when every tracked item equals the other configuration's.</summary>
    public bool SameAs(HostConfiguration other) => Differences(other).Count == 0;

    /// <summary>The names of the items that differ, for logs and checks.</summary>
    public IReadOnlyList<string> Differences(HostConfiguration other)
    {
        var differences = new List<string>();
        foreach (TrackedValue value in TrackedValue.All)
        {
            if (!Equals(this[value], other[value]))
            {
                differences.Add(value.ToString());
            }
        }

        foreach (TrackedKey key in TrackedKey.All)
        {
            // A key one side did not record (a format 1 record) is not compared.
            if (Keys.TryGetValue(key, out var mine) && other.Keys.TryGetValue(key, out var theirs) && !SameKey(mine, theirs))
            {
                differences.Add(key.ToString());
            }
        }

        if (NetsvcsIndex != other.NetsvcsIndex)
        {
            differences.Add(@"HKLM\" + RegistryLocations.SvcHostKey + @"\" + RegistryLocations.NetsvcsGroupValue + " membership");
        }

        return differences;
    }

    private static bool SameKey(IReadOnlyDictionary<string, RegValue>? a, IReadOnlyDictionary<string, RegValue>? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return a.Count == b.Count
            && a.All(pair => b.TryGetValue(pair.Key, out RegValue? other) && pair.Value.Equals(other));
    }
}
