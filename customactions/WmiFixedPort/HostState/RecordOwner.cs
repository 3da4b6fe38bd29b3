using System;
using WmiFixedPort.Machine;

namespace WmiFixedPort.HostState;

/// <summary>
/// The product that owns the record (issue 15 point 5): the UpgradeCode the installer passes with <c>--owner</c>, kept as
/// <c>OwnerUpgradeCode</c> in the record's key. Two products carrying the WiX element would share one record; the second
/// is refused. A record without an owner (written before owners were recorded) is claimed by the next enable.
/// </summary>
internal sealed class RecordOwner
{
    public const string OwnerValue = "OwnerUpgradeCode";

    private readonly IRegistry _registry;

    public RecordOwner(IRegistry registry) => _registry = registry;

    /// <summary>The owner recorded, or null when there is no record or it names none.</summary>
    public string? Recorded() =>
        _registry.KeyExists(RegistryLocations.StateKey) ? _registry.GetValue(RegistryLocations.StateKey, OwnerValue)?.Text : null;

    /// <summary>The reason to refuse <paramref name="owner"/>, or null when it may act (no owner recorded, or the same).</summary>
    public string? Refusal(string owner)
    {
        string? recorded = Recorded();
        return recorded is null || recorded.Length == 0 || string.Equals(recorded, owner, StringComparison.OrdinalIgnoreCase)
            ? null
            : $@"The record of WMI's prior state (HKLM\{RegistryLocations.StateKey}) belongs to the product with UpgradeCode {recorded}; "
              + $"this product (UpgradeCode {owner}) also carries WmiFixedPort and may not change or restore it. Remove the other product first.";
    }

    /// <summary>Names <paramref name="owner"/> in the record, when there is one.</summary>
    public void Claim(string owner)
    {
        if (_registry.KeyExists(RegistryLocations.StateKey))
        {
            _registry.SetValue(RegistryLocations.StateKey, OwnerValue, RegValue.String(owner));
        }
    }
}
