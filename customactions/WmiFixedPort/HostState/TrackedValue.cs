using System.Collections.Generic;

namespace WmiFixedPort.HostState;

/// <summary>A registry value that winmgmt.exe or the product changes, recorded and restored as a whole.</summary>
internal sealed class TrackedValue
{
    private TrackedValue(string id, string keyPath, string valueName)
    {
        Id = id;
        KeyPath = keyPath;
        ValueName = valueName;
    }

    public static TrackedValue ServiceImagePath { get; } = new("ServiceImagePath", RegistryLocations.ServiceKey, RegistryLocations.ImagePathValue);

    public static TrackedValue ServiceType { get; } = new("ServiceType", RegistryLocations.ServiceKey, RegistryLocations.ServiceTypeValue);

    public static TrackedValue WinmgmtGroup { get; } = new("SvcHostWinmgmtGroup", RegistryLocations.SvcHostKey, RegistryLocations.WinmgmtGroupValue);

    public static TrackedValue DcomEndpoints { get; } = new("DcomEndpoints", RegistryLocations.DcomAppIdKey, RegistryLocations.EndpointsValue);

    public static IReadOnlyList<TrackedValue> All { get; } = new[] { ServiceImagePath, ServiceType, WinmgmtGroup, DcomEndpoints };

    /// <summary>The name of the value's record under the State key.</summary>
    public string Id { get; }

    public string KeyPath { get; }

    public string ValueName { get; }

    public override string ToString() => $@"HKLM\{KeyPath}\{ValueName}";
}
