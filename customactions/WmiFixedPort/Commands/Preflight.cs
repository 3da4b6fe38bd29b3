using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Restart;

namespace WmiFixedPort.Commands;

/// <summary>
/// The checks that run before a command changes anything: a 64-bit process on a 64-bit Windows, write access to every
/// key the command writes, delete access to every key it may delete, and whether winmgmt and its running dependents
/// can be stopped (not launch-protected, the stop right granted, SERVICE_ACCEPT_STOP). A failed check is a
/// refusal (exit code 3, nothing changed); a service that cannot be stopped is not: the change is staged for the
/// next restart of the computer instead (see <see cref="StopBlockers"/>).
/// </summary>
internal sealed class Preflight
{
    /// <summary>The keys enable and restore write (a key that does not exist yet is created under its parent).</summary>
    private static readonly string[] WrittenKeys =
    {
        RegistryLocations.ServiceKey, RegistryLocations.SvcHostKey, RegistryLocations.SvcHostWinmgmtKey,
        RegistryLocations.SvcHostNetsvcsKey, RegistryLocations.DcomAppIdKey, RegistryLocations.StateKey,
    };

    private readonly IMachine _machine;
    private readonly OperationDeadline? _deadline;

    public Preflight(IMachine machine, OperationDeadline? deadline = null)
    {
        _machine = machine;
        _deadline = deadline;
    }

    /// <summary>Why the command must not start, or null.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The services (winmgmt or a running dependent) that cannot be stopped, each with the reason.</summary>
    public IReadOnlyList<string> StopBlockers { get; private set; } = new List<string>();

    /// <summary>Runs the checks; returns false when the command must be refused.</summary>
    /// <param name="deletedKeys">The keys the command will delete (RegDeleteKey needs DELETE on the key itself); those that exist must grant it.</param>
    public bool Check(bool writes, bool restart, IEnumerable<string>? deletedKeys = null)
    {
        if (_machine.Platform.Is64BitOperatingSystem && !_machine.Platform.Is64BitProcess)
        {
            Refusal = "This is a 32-bit process on 64-bit Windows (it would see the WOW64 registry); run it from a 64-bit process.";
            return false;
        }

        if (writes)
        {
            List<string> locked = WrittenKeys.Select(ExistingKey).Distinct().Where(key => !Guard(() => _machine.Registry.CanWrite(key))).ToList();
            if (locked.Count > 0)
            {
                Refusal = "No write access to " + string.Join(", ", locked.Select(key => @"HKLM\" + key))
                    + " (TrustedInstaller's?). Give Administrators Full Control of it, then run again.";
                return false;
            }
        }

        if (deletedKeys is not null)
        {
            List<string> undeletable = deletedKeys.Where(key => Guard(() => _machine.Registry.KeyExists(key)) && !Guard(() => _machine.Registry.CanDelete(key))).ToList();
            if (undeletable.Count > 0)
            {
                Refusal = "No delete access to " + string.Join(", ", undeletable.Select(key => @"HKLM\" + key))
                    + " (the command deletes it). Give Administrators Full Control of it, then run again.";
                return false;
            }
        }

        ServiceStatus winmgmt = Query(RegistryLocations.WinmgmtServiceName);
        if (!restart || !winmgmt.IsActive)
        {
            return true;
        }

        var blockers = new List<string>();
        IEnumerable<string> services = new[] { RegistryLocations.WinmgmtServiceName }
            .Concat(Guard(() => DependentServices.InStartOrder(_machine.Services, RegistryLocations.WinmgmtServiceName)));
        var waiter = new ServiceWaiter(_machine.Services, _machine.Clock, _deadline);
        foreach (string name in services)
        {
            ServiceStatus status = waiter.Wait(name, current => !current.IsPending, Timeouts.ServiceStart, out string? gaveUp);
            if (gaveUp is not null)
            {
                Refusal = $"Service {name}: {gaveUp}. Run again once it has started or stopped.";
                return false;
            }

            if (!status.IsActive)
            {
                continue;
            }

            int protection = Guard(() => _machine.Services.LaunchProtection(name));
            if (protection != 0)
            {
                // SERVICE_LAUNCH_PROTECTED_INFO: once launched protected, unprotected processes cannot call
                // ControlService(Ex) on it, whatever its DACL grants.
                blockers.Add($"{name} (launch-protected, level {protection}: stop refused to unprotected processes)");
            }
            else if (!Guard(() => _machine.Services.CanStop(name)))
            {
                blockers.Add(name + " (protected: stop denied)");
            }
            else if (!status.AcceptsStop)
            {
                blockers.Add(name + " (does not accept stop)");
            }
        }

        StopBlockers = blockers;
        return true;
    }

    private string ExistingKey(string keyPath)
    {
        string key = keyPath;
        while (!Guard(() => _machine.Registry.KeyExists(key)) && key.IndexOf('\\') > 0)
        {
            key = key.Substring(0, key.LastIndexOf('\\'));
        }

        return key;
    }

    private ServiceStatus Query(string name) => Guard(() => _machine.Services.Query(name));

    private static T Guard<T>(System.Func<T> action) => StepFailedException.Guard("Check the preconditions", action);
}
