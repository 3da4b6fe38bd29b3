using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WmiFixedPort.Commands;
using WmiFixedPort.Machine;

namespace WmiFixedPort.HostState;

/// <summary>Writes a hosting configuration back, value by value, touching only what differs.</summary>
internal sealed class HostConfigurationWriter
{
    private readonly IRegistry _registry;
    private readonly StepReporter _report;

    public HostConfigurationWriter(IRegistry registry, StepReporter report)
    {
        _registry = registry;
        _report = report;
    }

    /// <summary>Makes the registry match <paramref name="target"/>; returns how many writes that took.</summary>
    public int Apply(HostConfiguration target)
    {
        var reader = new HostConfigurationReader(_registry);
        HostConfiguration current = StepFailedException.Guard("Read the winmgmt configuration", reader.Read);
        int writes = 0;
        foreach (TrackedValue value in TrackedValue.All)
        {
            if (!Equals(current[value], target[value]))
            {
                writes++;
                WriteValue(value.KeyPath, value.ValueName, target[value]);
            }
        }

        foreach (TrackedKey key in TrackedKey.All)
        {
            if (target.Keys.TryGetValue(key, out var wanted))
            {
                writes += ApplyKey(key.KeyPath, current.Keys[key], wanted);
            }
        }

        writes += ApplyNetsvcsMembership(reader, target.NetsvcsIndex);
        return writes;
    }

    public void SetEndpointPort(int port) =>
        WriteValue(RegistryLocations.DcomAppIdKey, RegistryLocations.EndpointsValue, DcomEndpoint.ForPort(port));

    private int ApplyKey(string keyPath, IReadOnlyDictionary<string, RegValue>? current, IReadOnlyDictionary<string, RegValue>? target)
    {
        if (target is null)
        {
            if (current is null)
            {
                return 0;
            }

            string step = $@"Delete key HKLM\{keyPath} (it did not exist before)";
            StepFailedException.Guard(step, () => _registry.DeleteKeyTree(keyPath));
            _report.Step(step + ".");
            return 1;
        }

        int writes = 0;
        foreach (string name in (current?.Keys ?? Enumerable.Empty<string>()).Where(name => !target.ContainsKey(name)).ToList())
        {
            writes++;
            WriteValue(keyPath, name, null);
        }

        foreach (KeyValuePair<string, RegValue> pair in target)
        {
            RegValue? existing = null;
            if (current is null || !current.TryGetValue(pair.Key, out existing) || !pair.Value.Equals(existing))
            {
                writes++;
                WriteValue(keyPath, pair.Key, pair.Value);
            }
        }

        if (current is null && writes == 0)
        {
            // The key existed before, empty: recreate it empty.
            string step = $@"Create key HKLM\{keyPath}";
            StepFailedException.Guard(step, () => _registry.CreateKey(keyPath));
            _report.Step(step + ".");
            writes++;
        }

        return writes;
    }

    private int ApplyNetsvcsMembership(HostConfigurationReader reader, int targetIndex)
    {
        IReadOnlyList<string>? group = StepFailedException.Guard("Read the netsvcs group", reader.ReadNetsvcs);
        if (group is null)
        {
            if (targetIndex >= 0)
            {
                throw new StepFailedException(
                    $@"Restore winmgmt's membership of HKLM\{RegistryLocations.SvcHostKey}\{RegistryLocations.NetsvcsGroupValue}",
                    "the netsvcs value no longer exists");
            }

            return 0;
        }

        List<string> desired = group
            .Where(name => !RegistryLocations.IsWinmgmt(name))
            .ToList();
        if (targetIndex >= 0)
        {
            desired.Insert(Math.Min(targetIndex, desired.Count), group.FirstOrDefault(RegistryLocations.IsWinmgmt) ?? RegistryLocations.WinmgmtServiceName);
        }

        if (desired.SequenceEqual(group, StringComparer.Ordinal))
        {
            return 0;
        }

        WriteValue(RegistryLocations.SvcHostKey, RegistryLocations.NetsvcsGroupValue, RegValue.MultiString(desired));
        return 1;
    }

    private void WriteValue(string keyPath, string valueName, RegValue? value)
    {
        string location = $@"HKLM\{keyPath}\{valueName}";
        if (value is null)
        {
            string step = $"Delete value {location} (it did not exist before)";
            StepFailedException.Guard(step, () => _registry.DeleteValue(keyPath, valueName));
            _report.Step(step + ".");
        }
        else
        {
            string step = string.Format(CultureInfo.InvariantCulture, "Set {0} = {1}", location, value);
            StepFailedException.Guard(step, () => _registry.SetValue(keyPath, valueName, value));
            _report.Step(step + ".");
        }
    }
}
