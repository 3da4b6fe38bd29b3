using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WmiFixedPort.Machine;

namespace WmiFixedPort.HostState;

/// <summary>
/// The record of winmgmt's configuration before the product first changed it, kept under
/// <c>HKLM\SOFTWARE\WmiFixedPort\State</c> in a shape an administrator can read with reg.exe:
/// <c>Values\&lt;Id&gt;</c> holds each tracked value as it was (<c>Existed</c>, <c>Data</c> with its original type),
/// <c>SvcHostWinmgmtKey</c> and <c>SvcHostNetsvcsKey</c> the keys' values, and <c>NetsvcsIndex</c> winmgmt's place
/// in the netsvcs group. <c>FormatVersion</c> is written last, so a record without it is incomplete. A format 1
/// record (written before SvcHostNetsvcsKey was recorded) is still read: the netsvcs key is then left as it is.
/// Besides the prior state, the key holds two markers: <c>StagedForPid</c> and <c>StagedProcessStartUtcTicks</c>
/// (a change written while winmgmt kept running in that process: a restart is pending), <c>ServicesToStart</c> (services an incomplete undo left stopped)
/// and <c>DependentsDown</c> (dependents that did not run again after the last enable).
/// </summary>
internal sealed class StateRecordStore
{
    public const int FormatVersion = 2;

    private const string FormatVersionValue = "FormatVersion";
    private const string RecordedAtValue = "RecordedAtUtc";
    private const string PriorStateValue = "PriorState";
    private const string NetsvcsIndexValue = "NetsvcsIndex";
    private const string StagedForPidValue = "StagedForPid";
    private const string StagedProcessStartValue = "StagedProcessStartUtcTicks";
    private const string ServicesToStartValue = "ServicesToStart";
    private const string DependentsDownValue = "DependentsDown";
    private const string ExistedValue = "Existed";
    private const string DataValue = "Data";
    private const string ValuesKey = RegistryLocations.StateKey + @"\Values";

    private readonly IRegistry _registry;
    private readonly IClock _clock;

    public StateRecordStore(IRegistry registry, IClock clock)
    {
        _registry = registry;
        _clock = clock;
    }

    public bool Exists() => _registry.KeyExists(RegistryLocations.StateKey);

    /// <summary>The format of a complete record, or null when it is incomplete (no FormatVersion).</summary>
    public int? CompleteFormat() =>
        _registry.GetValue(RegistryLocations.StateKey, FormatVersionValue)?.Number is int version && version >= 1 ? version : null;

    public bool IsComplete() => CompleteFormat() is not null;

    /// <summary>
    /// Brings a format 1 record to format 2 by adding the copy of <c>SvcHost\netsvcs</c>: valid only while winmgmt is
    /// standalone, because <c>/standalonehost</c> leaves that key as it was before.
    /// </summary>
    public void UpgradeToCurrentFormat(HostConfiguration standalone)
    {
        SaveKey(TrackedKey.SvcHostNetsvcs, standalone.Keys[TrackedKey.SvcHostNetsvcs]);
        _registry.SetValue(RegistryLocations.StateKey, FormatVersionValue, RegValue.DWord(FormatVersion));
    }

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

        foreach (TrackedKey key in TrackedKey.All)
        {
            SaveKey(key, configuration.Keys[key]);
        }

        _registry.SetValue(RegistryLocations.StateKey, NetsvcsIndexValue, RegValue.DWord(configuration.NetsvcsIndex));
        _registry.SetValue(RegistryLocations.StateKey, PriorStateValue, RegValue.String(configuration.Describe()));
        _registry.SetValue(
            RegistryLocations.StateKey,
            RecordedAtValue,
            RegValue.String(_clock.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        _registry.SetValue(RegistryLocations.StateKey, FormatVersionValue, RegValue.DWord(FormatVersion));
    }

    private void SaveKey(TrackedKey key, IReadOnlyDictionary<string, RegValue>? values)
    {
        string record = RegistryLocations.StateKey + @"\" + key.Id;
        _registry.SetValue(record, ExistedValue, RegValue.DWord(values is null ? 0 : 1));
        _registry.CreateKey(record + @"\Values");
        foreach (KeyValuePair<string, RegValue> pair in values ?? new Dictionary<string, RegValue>())
        {
            _registry.SetValue(record + @"\Values", pair.Key, pair.Value);
        }
    }

    /// <summary>The recorded configuration, or null when there is no complete record.</summary>
    public HostConfiguration? Load()
    {
        int? format = CompleteFormat();
        if (format is null)
        {
            return null;
        }

        if (format > FormatVersion)
        {
            throw Damaged(RegistryLocations.StateKey, $"format {format} is newer than this exe reads");
        }

        var values = new Dictionary<TrackedValue, RegValue?>();
        foreach (TrackedValue value in TrackedValue.All)
        {
            string key = ValuesKey + @"\" + value.Id;
            int? existed = _registry.GetValue(key, ExistedValue)?.Number;
            RegValue? data = _registry.GetValue(key, DataValue);
            if (existed is null || (existed == 1 && data is null))
            {
                throw Damaged(key, "Existed or Data missing");
            }

            values[value] = existed == 1 ? data : null;
        }

        var keys = new Dictionary<TrackedKey, IReadOnlyDictionary<string, RegValue>?>();
        foreach (TrackedKey key in TrackedKey.All.Where(key => format >= 2 || key == TrackedKey.SvcHostWinmgmt))
        {
            string record = RegistryLocations.StateKey + @"\" + key.Id;
            int existed = _registry.GetValue(record, ExistedValue)?.Number ?? throw Damaged(record, "Existed missing");
            keys[key] = existed == 1
                ? HostConfigurationReader.ReadKey(_registry, record + @"\Values") ?? new SortedDictionary<string, RegValue>(StringComparer.OrdinalIgnoreCase)
                : null;
        }

        int netsvcsIndex = _registry.GetValue(RegistryLocations.StateKey, NetsvcsIndexValue)?.Number
            ?? throw Damaged(RegistryLocations.StateKey, NetsvcsIndexValue + " missing");
        return new HostConfiguration(values, keys, netsvcsIndex);
    }

    /// <summary>The winmgmt process a staged change waits for to end, or null when nothing is staged.</summary>
    public StagedMark? Staged()
    {
        int? pid = _registry.GetValue(RegistryLocations.StateKey, StagedForPidValue)?.Number;
        RegValue? start = _registry.GetValue(RegistryLocations.StateKey, StagedProcessStartValue);
        return pid is null ? null : new StagedMark(pid.Value, start?.Kind == RegKind.QWord ? (long)start.Data : null);
    }

    public void MarkStaged(int winmgmtProcessId, DateTime? startTimeUtc)
    {
        if (startTimeUtc is not null)
        {
            _registry.SetValue(RegistryLocations.StateKey, StagedProcessStartValue, RegValue.QWord(startTimeUtc.Value.Ticks));
        }

        _registry.SetValue(RegistryLocations.StateKey, StagedForPidValue, RegValue.DWord(winmgmtProcessId));
    }

    public void ClearStaged()
    {
        _registry.DeleteValue(RegistryLocations.StateKey, StagedForPidValue);
        _registry.DeleteValue(RegistryLocations.StateKey, StagedProcessStartValue);
    }

    /// <summary>The services an incomplete undo left stopped, which the next run starts again.</summary>
    public IReadOnlyList<string> ServicesToStart() =>
        _registry.GetValue(RegistryLocations.StateKey, ServicesToStartValue)?.Lines ?? Array.Empty<string>();

    public void SetServicesToStart(IReadOnlyList<string> services)
    {
        if (services.Count == 0)
        {
            _registry.DeleteValue(RegistryLocations.StateKey, ServicesToStartValue);
        }
        else
        {
            _registry.SetValue(RegistryLocations.StateKey, ServicesToStartValue, RegValue.MultiString(services));
        }
    }

    /// <summary>
    /// The dependents of winmgmt that the last enable found running before and that did not run again at its end; the
    /// next enable or restore starts them. <c>status</c> shows those that still do not run.
    /// </summary>
    public IReadOnlyList<string> DependentsDown() =>
        _registry.GetValue(RegistryLocations.StateKey, DependentsDownValue)?.Lines ?? Array.Empty<string>();

    public void SetDependentsDown(IReadOnlyList<string> services)
    {
        if (services.Count == 0)
        {
            if (_registry.GetValue(RegistryLocations.StateKey, DependentsDownValue) is not null)
            {
                _registry.DeleteValue(RegistryLocations.StateKey, DependentsDownValue);
            }
        }
        else
        {
            _registry.SetValue(RegistryLocations.StateKey, DependentsDownValue, RegValue.MultiString(services));
        }
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

    private static WindowsOperationException Damaged(string key, string what) => new($@"the record HKLM\{key} is damaged ({what})");
}
