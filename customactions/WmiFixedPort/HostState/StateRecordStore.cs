using System;
using System.Collections.Generic;
using System.Globalization;
using WmiFixedPort.Machine;

namespace WmiFixedPort.HostState;

/// <summary>
/// The record of winmgmt's configuration before the product first changed it, kept under
/// <c>HKLM\SOFTWARE\WmiFixedPort\State</c> in a shape an administrator can read with reg.exe:
/// <c>Values\&lt;Id&gt;</c> holds each tracked value as it was (<c>Existed</c>, <c>Data</c> with its original type),
/// <c>SvcHostWinmgmtKey</c> the key's values, and <c>NetsvcsIndex</c> winmgmt's place in the netsvcs group.
/// <c>FormatVersion</c> is written last, so a record without it is incomplete.
/// </summary>
internal sealed class StateRecordStore
{
    public const int FormatVersion = 1;

    private const string FormatVersionValue = "FormatVersion";
    private const string RecordedAtValue = "RecordedAtUtc";
    private const string PriorStateValue = "PriorState";
    private const string NetsvcsIndexValue = "NetsvcsIndex";
    private const string ExistedValue = "Existed";
    private const string DataValue = "Data";
    private const string ValuesKey = RegistryLocations.StateKey + @"\Values";
    private const string SvcHostKeyRecord = RegistryLocations.StateKey + @"\SvcHostWinmgmtKey";
    private const string SvcHostKeyValues = SvcHostKeyRecord + @"\Values";

    private readonly IRegistry _registry;
    private readonly IClock _clock;

    public StateRecordStore(IRegistry registry, IClock clock)
    {
        _registry = registry;
        _clock = clock;
    }

    public bool Exists() => _registry.KeyExists(RegistryLocations.StateKey);

    public bool IsComplete() => _registry.GetValue(RegistryLocations.StateKey, FormatVersionValue)?.Number == FormatVersion;

    public void Save(HostConfiguration configuration)
    {
        foreach (TrackedValue value in TrackedValue.All)
        {
            string key = ValuesKey + @"\" + value.Id;
            RegValue? data = configuration[value];
            _registry.SetValue(key, ExistedValue, RegValue.DWord(data is null ? 0 : 1));
            if (data is not null)
            {
                _registry.SetValue(key, DataValue, data);
            }
        }

        _registry.SetValue(SvcHostKeyRecord, ExistedValue, RegValue.DWord(configuration.SvcHostWinmgmtKey is null ? 0 : 1));
        _registry.CreateKey(SvcHostKeyValues);
        foreach (KeyValuePair<string, RegValue> pair in configuration.SvcHostWinmgmtKey ?? new Dictionary<string, RegValue>())
        {
            _registry.SetValue(SvcHostKeyValues, pair.Key, pair.Value);
        }

        _registry.SetValue(RegistryLocations.StateKey, NetsvcsIndexValue, RegValue.DWord(configuration.NetsvcsIndex));
        _registry.SetValue(RegistryLocations.StateKey, PriorStateValue, RegValue.String(configuration.Describe()));
        _registry.SetValue(
            RegistryLocations.StateKey,
            RecordedAtValue,
            RegValue.String(_clock.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        _registry.SetValue(RegistryLocations.StateKey, FormatVersionValue, RegValue.DWord(FormatVersion));
    }

    /// <summary>The recorded configuration, or null when there is no complete record.</summary>
    public HostConfiguration? Load()
    {
        if (!IsComplete())
        {
            return null;
        }

        var values = new Dictionary<TrackedValue, RegValue?>();
        foreach (TrackedValue value in TrackedValue.All)
        {
            string key = ValuesKey + @"\" + value.Id;
            int? existed = _registry.GetValue(key, ExistedValue)?.Number;
            RegValue? data = _registry.GetValue(key, DataValue);
            if (existed is null || (existed == 1 && data is null))
            {
                throw new WindowsOperationException($@"the record HKLM\{key} is damaged (Existed or Data missing)");
            }

            values[value] = existed == 1 ? data : null;
        }

        int? keyExisted = _registry.GetValue(SvcHostKeyRecord, ExistedValue)?.Number
            ?? throw new WindowsOperationException($@"the record HKLM\{SvcHostKeyRecord} is damaged (Existed missing)");
        IReadOnlyDictionary<string, RegValue>? keyValues = keyExisted == 1
            ? HostConfigurationReader.ReadKey(_registry, SvcHostKeyValues) ?? new SortedDictionary<string, RegValue>(StringComparer.OrdinalIgnoreCase)
            : null;
        int netsvcsIndex = _registry.GetValue(RegistryLocations.StateKey, NetsvcsIndexValue)?.Number
            ?? throw new WindowsOperationException($@"the record HKLM\{RegistryLocations.StateKey} is damaged ({NetsvcsIndexValue} missing)");
        return new HostConfiguration(values, keyValues, netsvcsIndex);
    }

    /// <summary>Deletes the record, and the product key too when nothing else is left in it.</summary>
    public void Delete()
    {
        _registry.DeleteKeyTree(RegistryLocations.StateKey);
        if (_registry.KeyExists(RegistryLocations.ProductKey)
            && _registry.GetValueNames(RegistryLocations.ProductKey).Count == 0
            && _registry.GetSubKeyNames(RegistryLocations.ProductKey).Count == 0)
        {
            _registry.DeleteKeyTree(RegistryLocations.ProductKey);
        }
    }
}
