using System.Collections.Generic;

namespace WmiFixedPort.HostState;

/// <summary>A registry key whose values winmgmt.exe writes, recorded and restored value by value (absent key = null).</summary>
internal sealed class TrackedKey
{
    private TrackedKey(string id, string keyPath)
    {
        Id = id;
        KeyPath = keyPath;
    }

    /// <summary>Created by <c>/standalonehost</c>; left by <c>/sharedhost</c>.</summary>
    public static TrackedKey SvcHostWinmgmt { get; } = new("SvcHostWinmgmtKey", RegistryLocations.SvcHostWinmgmtKey);

    /// <summary>Created or overwritten by <c>/sharedhost</c> (MoveToShared); recorded since record format 2.</summary>
    public static TrackedKey SvcHostNetsvcs { get; } = new("SvcHostNetsvcsKey", RegistryLocations.SvcHostNetsvcsKey);

    public static IReadOnlyList<TrackedKey> All { get; } = new[] { SvcHostWinmgmt, SvcHostNetsvcs };

    /// <summary>The name of the key's record under the State key.</summary>
    public string Id { get; }

    public string KeyPath { get; }

    public override string ToString() => @"HKLM\" + KeyPath;
}
