using System;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Commands;

/// <summary>
/// Issue 15, the installer's two additions.
/// <see cref="Check"/> and <see cref="Claim"/>: enable or restore for the product named by <c>--owner</c> (its UpgradeCode), kept as
/// <c>OwnerUpgradeCode</c> in the record's key: exit code 3 before anything changes when the record names another
/// product; a successful enable names the owner (a record without one is claimed). No owner (empty): no check.
/// <see cref="SkipRestore"/>: <c>skip-restore</c>, the uninstall's way out when restore is refused
/// (WMIFIXEDPORT_UNINSTALL_KEEP_WMI=1): changes nothing, keeps the record (a later install and plain uninstall still
/// restore the original), warns on stdout (the MSI log) and with a Warning event; exits 0.
/// </summary>
internal sealed class OwnedRun : MachineCommand
{
    private readonly string? _owner;

    public OwnedRun(IMachine machine, StepReporter report, string? owner)
        : base(machine, report, deadline: null) // checks and warns only: it waits for nothing
    {
        _owner = owner;
    }

    /// <summary>The <c>--owner</c> value: a GUID in braces as Windows Installer formats [UpgradeCode], or empty (null).</summary>
    public static string? ParseOwner(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : Guid.TryParseExact(value, "B", out _) ? value
        : throw InvalidArgumentException.ForValue(OptionName.Owner, value!, "a {GUID}");

    /// <summary>Before enable or restore: exit code 3 (refused, nothing changed) when the record names another owner, else 0.</summary>
    public int Check()
    {
        string? recorded = _owner is not null && Machine.Registry.KeyExists(RegistryLocations.StateKey)
            ? Machine.Registry.GetValue(RegistryLocations.StateKey, "OwnerUpgradeCode")?.Text : null;
        return string.IsNullOrEmpty(recorded) || string.Equals(recorded, _owner, StringComparison.OrdinalIgnoreCase)
            ? 0 : Refuse(
                "WMI's record (HKLM\\" + RegistryLocations.StateKey + ") belongs to the product with UpgradeCode " + recorded
                + ", and this run is for UpgradeCode " + _owner + ": two products carrying WmiFixedPort would fight over one"
                + " record. Uninstall the other product first (or give its uninstall WMIFIXEDPORT_UNINSTALL_KEEP_WMI=1).");
    }

    /// <summary>After a successful enable: names the owner in the record.</summary>
    public void Claim()
    {
        if (_owner is not null && Machine.Registry.KeyExists(RegistryLocations.StateKey))
        {
            Machine.Registry.SetValue(RegistryLocations.StateKey, "OwnerUpgradeCode", RegValue.String(_owner));
        }
    }

    public int SkipRestore()
    {
        Report.Warning("Not restored: " + new HostConfigurationReader(Machine.Registry).Read().Describe()
            + ". WMIFIXEDPORT_UNINSTALL_KEEP_WMI=1 leaves WMI as it is; the record of the state before the product stays at HKLM\\"
            + RegistryLocations.StateKey + " (a later install and plain uninstall restore it).");
        return Succeed();
    }
}
