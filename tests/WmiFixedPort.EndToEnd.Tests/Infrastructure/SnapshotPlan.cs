using System.Collections.Generic;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>How much of a registry key a snapshot keeps.</summary>
internal enum KeyCapture
{
    /// <summary>Whether the key exists (the product's own keys: their content is its business, a leftover is not).</summary>
    PresenceOnly,

    /// <summary>Every value of the key, byte for byte.</summary>
    AllValues,

    /// <summary>Every value of the key and of every subkey below it, byte for byte.</summary>
    AllValuesAndSubkeys,
}

/// <summary>What the machine snapshot holds (HKLM, 64-bit view): everything that winmgmt.exe /standalonehost and
/// /sharedhost, the engine or the MSI may write (docs/wmi-fixed-port.md, "What the two switches change"), so that
/// "uninstall restores the machine exactly" is checked on every value that could betray it.</summary>
internal static class SnapshotPlan
{
    /// <summary>Single values of keys that hold much else: the two SvcHost groups winmgmt moves between.</summary>
    public static IReadOnlyList<(string Key, string Name)> SingleValues { get; } = new[]
    {
        (ProductFacts.SvcHostKey, "netsvcs"),
        (ProductFacts.SvcHostKey, "winmgmt"),
    };

    public static IReadOnlyList<(string Key, KeyCapture Capture)> Keys { get; } = new[]
    {
        (ProductFacts.ServiceKey, KeyCapture.AllValuesAndSubkeys),
        (ProductFacts.SvcHostNetsvcsKey, KeyCapture.AllValues),
        (ProductFacts.SvcHostWinmgmtKey, KeyCapture.AllValues),
        (ProductFacts.DcomAppIdKey, KeyCapture.AllValues),
        (ProductFacts.ProductKey, KeyCapture.PresenceOnly),
        (ProductFacts.SettingsKey, KeyCapture.AllValues),
        (ProductFacts.EventSourceKey, KeyCapture.PresenceOnly),
        (ProductFacts.PolicyKey, KeyCapture.AllValues),
    };
}
