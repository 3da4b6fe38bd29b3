using System;
using System.Collections.Generic;
using WmiFixedPort.Machine;

namespace WmiFixedPort.HostState;

/// <summary>Reads winmgmt's current hosting configuration from the registry.</summary>
internal sealed class HostConfigurationReader
{
    private readonly IRegistry _registry;

    public HostConfigurationReader(IRegistry registry) => _registry = registry;

    public HostConfiguration Read()
    {
        var values = new Dictionary<TrackedValue, RegValue?>();
        foreach (TrackedValue value in TrackedValue.All)
        {
            values[value] = _registry.GetValue(value.KeyPath, value.ValueName);
        }

        var keys = new Dictionary<TrackedKey, IReadOnlyDictionary<string, RegValue>?>();
        foreach (TrackedKey key in TrackedKey.All)
        {
            keys[key] = ReadKey(_registry, key.KeyPath);
        }

        return new HostConfiguration(values, keys, NetsvcsIndexOf(ReadNetsvcs()));
    }

    /// <summary>The current <c>netsvcs</c> group, or null when the value is absent.</summary>
    public IReadOnlyList<string>? ReadNetsvcs() =>
        _registry.GetValue(RegistryLocations.SvcHostKey, RegistryLocations.NetsvcsGroupValue)?.Lines;

    /// <summary>The values of a key by name, or null when the key does not exist.</summary>
    public static IReadOnlyDictionary<string, RegValue>? ReadKey(IRegistry registry, string keyPath)
    {
        if (!registry.KeyExists(keyPath))
        {
            return null;
        }

        var values = new SortedDictionary<string, RegValue>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in registry.GetValueNames(keyPath))
        {
            RegValue? value = registry.GetValue(keyPath, name);
            if (value is not null)
            {
                values[name] = value;
            }
        }

        return values;
    }

    private static int NetsvcsIndexOf(IReadOnlyList<string>? group)
    {
        if (group is null)
        {
            return -1;
        }

        for (int index = 0; index < group.Count; index++)
        {
            if (RegistryLocations.IsWinmgmt(group[index]))
            {
                return index;
            }
        }

        return -1;
    }
}
