using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.Versioning;
using Microsoft.Win32;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Reads and writes the registry part of a <see cref="MachineSnapshot"/> (64-bit view of HKLM).</summary>
[SupportedOSPlatform("windows")]
internal static class MachineRegistry
{
    /// <summary>The single values the product or winmgmt.exe may change.</summary>
    public static IReadOnlyList<(string Key, string Name)> TrackedValues { get; } = new[]
    {
        (ProductFacts.ServiceKey, "ImagePath"),
        (ProductFacts.ServiceKey, "Type"),
        (ProductFacts.SvcHostKey, "netsvcs"),
        (ProductFacts.SvcHostKey, "winmgmt"),
        (ProductFacts.DcomAppIdKey, "Endpoints"),
    };

    public static IReadOnlyList<RegistryValueSnapshot> ReadValues() =>
        TrackedValues.Select(v => new RegistryValueSnapshot(v.Key, v.Name, Read(v.Key, v.Name))).ToList();

    /// <summary>SvcHost\winmgmt with all its values (winmgmt /standalonehost creates it); the product's own key
    /// and its event source by presence only (their content is the product's business, leftovers after uninstall
    /// are not).</summary>
    public static IReadOnlyList<RegistryKeySnapshot> ReadKeys() => new[]
    {
        ReadKey(ProductFacts.SvcHostWinmgmtKey, withValues: true),
        ReadKey(ProductFacts.ProductKey, withValues: false),
        ReadKey(ProductFacts.EventSourceKey, withValues: false),
    };

    /// <summary>Writes back every tracked value and the SvcHost\winmgmt key exactly as captured: values absent
    /// then are deleted, the key is deleted if it was absent. The product's keys are deleted if they were absent.</summary>
    public static void Restore(MachineSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (RegistryValueSnapshot value in snapshot.Values)
        {
            Write(value.Key, value.Name, value.Data);
        }

        foreach (RegistryKeySnapshot key in snapshot.Keys)
        {
            if (!key.Exists)
            {
                using RegistryKey root = Hklm();
                root.DeleteSubKeyTree(key.Key, throwOnMissingSubKey: false);
            }
            else if (string.Equals(key.Key, ProductFacts.SvcHostWinmgmtKey, StringComparison.OrdinalIgnoreCase))
            {
                RestoreValuesOf(key);
            }
        }
    }

    private static void RestoreValuesOf(RegistryKeySnapshot key)
    {
        using RegistryKey root = Hklm();
        using RegistryKey target = root.CreateSubKey(key.Key, writable: true);
        foreach (string name in target.GetValueNames().Where(n => !key.Values.Any(v => string.Equals(v.Name, n, StringComparison.OrdinalIgnoreCase))))
        {
            target.DeleteValue(name, throwOnMissingValue: false);
        }

        foreach (RegistryValueSnapshot value in key.Values)
        {
            Write(key.Key, value.Name, value.Data);
        }
    }

    private static RegistryKeySnapshot ReadKey(string keyPath, bool withValues)
    {
        using RegistryKey root = Hklm();
        using RegistryKey? key = root.OpenSubKey(keyPath, writable: false);
        if (key is null)
        {
            return new RegistryKeySnapshot(keyPath, false, Array.Empty<RegistryValueSnapshot>());
        }

        IReadOnlyList<RegistryValueSnapshot> values = withValues
            ? key.GetValueNames().Select(n => new RegistryValueSnapshot(keyPath, n, Read(key, n))).ToList()
            : Array.Empty<RegistryValueSnapshot>();
        return new RegistryKeySnapshot(keyPath, true, values);
    }

    private static RegistryData? Read(string keyPath, string name)
    {
        using RegistryKey root = Hklm();
        using RegistryKey? key = root.OpenSubKey(keyPath, writable: false);
        return key is null ? null : Read(key, name);
    }

    private static RegistryData? Read(RegistryKey key, string name)
    {
        object? value = key.GetValue(name, null, RegistryValueOptions.DoNotExpandEnvironmentNames);
        if (value is null)
        {
            return null;
        }

        RegistryValueKind kind = key.GetValueKind(name);
        return kind switch
        {
            RegistryValueKind.String => RegistryData.Text(RegistryData.String, (string)value),
            RegistryValueKind.ExpandString => RegistryData.Text(RegistryData.ExpandString, (string)value),
            RegistryValueKind.MultiString => RegistryData.Lines((string[])value),
            RegistryValueKind.DWord => RegistryData.Number(RegistryData.DWord, unchecked((uint)(int)value)),
            RegistryValueKind.QWord => RegistryData.Number(RegistryData.QWord, (long)value),
            RegistryValueKind.Binary => RegistryData.Bytes((byte[])value),
            _ => new RegistryData(kind.ToString(), new[] { Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty }),
        };
    }

    private static void Write(string keyPath, string name, RegistryData? data)
    {
        using RegistryKey root = Hklm();
        if (data is null)
        {
            using RegistryKey? existing = root.OpenSubKey(keyPath, writable: true);
            existing?.DeleteValue(name, throwOnMissingValue: false);
            return;
        }

        using RegistryKey key = root.CreateSubKey(keyPath, writable: true);
        switch (data.Kind)
        {
            case RegistryData.String:
                key.SetValue(name, data.Single, RegistryValueKind.String);
                break;
            case RegistryData.ExpandString:
                key.SetValue(name, data.Single, RegistryValueKind.ExpandString);
                break;
            case RegistryData.MultiString:
                key.SetValue(name, data.Items.ToArray(), RegistryValueKind.MultiString);
                break;
            case RegistryData.DWord:
                key.SetValue(name, unchecked((int)uint.Parse(data.Single, CultureInfo.InvariantCulture)), RegistryValueKind.DWord);
                break;
            case RegistryData.QWord:
                key.SetValue(name, long.Parse(data.Single, CultureInfo.InvariantCulture), RegistryValueKind.QWord);
                break;
            case RegistryData.Binary:
                key.SetValue(name, Convert.FromHexString(data.Single), RegistryValueKind.Binary);
                break;
            default:
                throw new NotSupportedException($@"Cannot restore HKLM\{keyPath}\{name} of kind {data.Kind}.");
        }
    }

    private static RegistryKey Hklm() => RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64);
}
