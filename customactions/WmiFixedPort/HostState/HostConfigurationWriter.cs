using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WmiFixedPort.Commands;
using WmiFixedPort.Machine;

namespace WmiFixedPort.HostState;

/// <summary>Writes a hosting configuration back, value by value, touching only what differs.</summary>
/// <remarks>
/// winmgmt's ImagePath and Type are written through the service control manager (ChangeServiceConfigW), not to the
/// registry alone: the SCM keeps its own copy of the service database (read at boot), so a direct registry edit is
/// seen neither by <c>sc qc</c> nor by the next start of the service until the computer restarts. Microsoft:
/// <list type="bullet">
/// <item>[MS-SCMR] 1.3 Overview (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-scmr/d5bd5712-fa64-44bf-9433-3651f6a5ce97):
/// "The Service Control Manager Remote Protocol maintains an internal database to store service program configurations
/// and state. ... Any updates to this internal database are made only through the Service Control Manager Remote
/// Protocol. ... The SCM database is resident in memory; it is recreated every time the SCM restarts (after each
/// reboot). Part of the SCM database is retrieved from persistent storage (all information regarding registered
/// services) ..."; and RChangeServiceConfigW (3.1.4.11) "changes a service's configuration parameters in the SCM
/// database."</item>
/// <item>https://learn.microsoft.com/en-us/windows/win32/services/database-of-installed-services (which lists "the
/// service type" and "the fully qualified path of the executable file" among its contents): "This database is also
/// known as the ServicesActive database or the SCM database. You must use the functions provided by the SCM, instead of
/// modifying the database directly."</item>
/// <item>https://learn.microsoft.com/en-us/windows/win32/services/service-configuration-programs: "The database can also
/// be accessed by using the registry functions. However, you should only use the SCM configuration functions, which
/// ensure that the service is properly installed and configured."</item>
/// <item>Windows Server 2003 Registry Reference, Type entry of HKLM\SYSTEM\CurrentControlSet\Services\service-name
/// (https://technet.microsoft.com/en-us/library/cc759275(v=ws.10)): "To change the value of this entry, you can use the
/// Services snap-in. You can also use the ChangeServiceConfig API or use SC" and "This information is presented for
/// reference only. You cannot edit this entry to change the view of a service by Windows Server 2003." (The same note
/// stands on the Start, ObjectName and Group entries, e.g. https://technet.microsoft.com/en-us/library/cc959920.aspx:
/// "You cannot change the starting rules for a service by editing this entry.")</item>
/// <item>https://learn.microsoft.com/windows-server/administration/windows-commands/sc-config: sc config "Modifies the
/// value of a service's entries in the registry and in the Service Control Manager database."</item>
/// <item>ChangeServiceConfigW, Remarks (https://learn.microsoft.com/en-us/windows/win32/api/winsvc/nf-winsvc-changeserviceconfigw):
/// it "changes the configuration information for the specified service in the service control manager database", and
/// "If the configuration is changed for a service that is running, with the exception of lpDisplayName, the changes do
/// not take effect until the service is stopped." (The commands restart winmgmt afterwards, or stage the change.)</item>
/// </list>
/// ChangeServiceConfigW stores the path as REG_EXPAND_SZ. The restore is byte for byte, so the value is read back after
/// the call and, where it still differs from the recorded one (a REG_SZ ImagePath), written to the registry as well: the
/// SCM's copy already holds the recorded text, and the registry gets the recorded form for the next boot.
/// </remarks>
internal sealed class HostConfigurationWriter
{
    private readonly IRegistry _registry;
    private readonly IServiceControl _services;
    private readonly StepReporter _report;

    public HostConfigurationWriter(IRegistry registry, IServiceControl services, StepReporter report)
    {
        _registry = registry;
        _services = services;
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
            RegValue? wanted = target[value];
            if (!Equals(current[value], wanted))
            {
                writes++;
                if (wanted is null || !SetThroughServiceControlManager(value, wanted)
                    || !wanted.Equals(StepFailedException.Guard("Read " + value, () => _registry.GetValue(value.KeyPath, value.ValueName))))
                {
                    WriteValue(value.KeyPath, value.ValueName, wanted);
                }
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

    /// <summary>ImagePath (as text) and Type (as a DWORD) go through the SCM; false for any other value.</summary>
    private bool SetThroughServiceControlManager(TrackedValue value, RegValue wanted)
    {
        string? path = value == TrackedValue.ServiceImagePath ? wanted.Text : null;
        int? type = value == TrackedValue.ServiceType ? wanted.Number : null;
        if (path is null && type is null)
        {
            return false;
        }

        string step = $"Set {value} = {wanted} (ChangeServiceConfig)";
        StepFailedException.Guard(step, () => _services.ChangeConfiguration(RegistryLocations.WinmgmtServiceName, path, type));
        _report.Step(step + ".");
        return true;
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
