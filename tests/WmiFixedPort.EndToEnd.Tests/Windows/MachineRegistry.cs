using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32;
using Microsoft.Win32.SafeHandles;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Reads and writes the registry part of a <see cref="MachineSnapshot"/> (64-bit view of HKLM) as
/// <see cref="SnapshotPlan"/> lists it. Values are read and written as raw bytes with their type
/// (RegQueryValueExW / RegSetValueExW), so a restore is byte for byte.</summary>
[SupportedOSPlatform("windows")]
internal static class MachineRegistry
{
    private const int ErrorFileNotFound = 2;
    private const int ErrorMoreData = 234;

    public static IReadOnlyList<RegistryValueSnapshot> ReadValues() =>
        SnapshotPlan.SingleValues.Select(v => new RegistryValueSnapshot(v.Key, v.Name, Read(v.Key, v.Name))).ToList();

    public static IReadOnlyList<RegistryKeySnapshot> ReadKeys()
    {
        var keys = new List<RegistryKeySnapshot>();
        foreach ((string key, KeyCapture capture) in SnapshotPlan.Keys)
        {
            keys.AddRange(ReadKey(key, capture));
        }

        return keys;
    }

    /// <summary>Writes back every captured value and key exactly: values absent then are deleted, keys absent then are
    /// deleted with their subkeys, subkeys that appeared under a key captured with its subkeys are deleted. Keys
    /// captured by presence only are deleted if they were absent, and otherwise left alone.</summary>
    public static void Restore(MachineSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using RegistryKey root = Hklm();
        foreach ((string rootKey, KeyCapture capture) in SnapshotPlan.Keys.Where(k => k.Capture == KeyCapture.AllValuesAndSubkeys))
        {
            var wanted = new HashSet<string>(snapshot.Keys.Where(k => k.Exists).Select(k => k.Key), StringComparer.OrdinalIgnoreCase);
            foreach (string extra in SubkeyPaths(rootKey).Where(p => !wanted.Contains(p)).OrderByDescending(p => p.Length))
            {
                root.DeleteSubKeyTree(extra, throwOnMissingSubKey: false);
            }
        }

        foreach (RegistryKeySnapshot key in snapshot.Keys.OrderByDescending(k => k.Key.Length).Where(k => !k.Exists))
        {
            root.DeleteSubKeyTree(key.Key, throwOnMissingSubKey: false);
        }

        foreach (RegistryKeySnapshot key in snapshot.Keys.Where(k => k.Exists && k.ValuesCaptured))
        {
            using RegistryKey target = root.CreateSubKey(key.Key, writable: true);
            foreach (string name in target.GetValueNames().Where(n => !key.Values.Any(v => string.Equals(v.Name, n, StringComparison.OrdinalIgnoreCase))))
            {
                target.DeleteValue(name, throwOnMissingValue: false);
            }

            foreach (RegistryValueSnapshot value in key.Values)
            {
                Write(target, key.Key, value.Name, value.Data);
            }
        }

        foreach (RegistryValueSnapshot value in snapshot.Values)
        {
            using RegistryKey? target = value.Data is null ? root.OpenSubKey(value.Key, writable: true) : root.CreateSubKey(value.Key, writable: true);
            if (target is not null)
            {
                Write(target, value.Key, value.Name, value.Data);
            }
        }
    }

    private static IEnumerable<RegistryKeySnapshot> ReadKey(string keyPath, KeyCapture capture)
    {
        using RegistryKey root = Hklm();
        RegistryKey? opened = null;
        string? unreadable = null;
        try
        {
            opened = root.OpenSubKey(keyPath, writable: false);
        }
        catch (Exception e) when (e is System.Security.SecurityException or UnauthorizedAccessException)
        {
            unreadable = e.GetType().Name;
        }

        if (unreadable is not null)
        {
            // A key the administrator may not read (a subkey's ACL): recorded as such, compared as such, never written.
            yield return new RegistryKeySnapshot(keyPath, true, new[] { new RegistryValueSnapshot(keyPath, "(unreadable)", RegistryData.Text("ERROR", unreadable)) }, ValuesCaptured: false);
            yield break;
        }

        using RegistryKey? key = opened;
        if (key is null)
        {
            yield return new RegistryKeySnapshot(keyPath, false, Array.Empty<RegistryValueSnapshot>(), capture != KeyCapture.PresenceOnly);
            yield break;
        }

        IReadOnlyList<RegistryValueSnapshot> values = capture == KeyCapture.PresenceOnly
            ? Array.Empty<RegistryValueSnapshot>()
            : key.GetValueNames().OrderBy(n => n, StringComparer.OrdinalIgnoreCase).Select(n => new RegistryValueSnapshot(keyPath, n, Read(key, n))).ToList();
        yield return new RegistryKeySnapshot(keyPath, true, values, capture != KeyCapture.PresenceOnly);
        if (capture == KeyCapture.AllValuesAndSubkeys)
        {
            foreach (string sub in key.GetSubKeyNames().OrderBy(n => n, StringComparer.OrdinalIgnoreCase))
            {
                foreach (RegistryKeySnapshot child in ReadKey(keyPath + "\\" + sub, KeyCapture.AllValuesAndSubkeys))
                {
                    yield return child;
                }
            }
        }
    }

    private static List<string> SubkeyPaths(string keyPath)
    {
        var paths = new List<string>();
        using RegistryKey root = Hklm();
        using RegistryKey? key = root.OpenSubKey(keyPath, writable: false);
        if (key is null)
        {
            return paths;
        }

        foreach (string sub in key.GetSubKeyNames())
        {
            string path = keyPath + "\\" + sub;
            paths.Add(path);
            paths.AddRange(SubkeyPaths(path));
        }

        return paths;
    }

    private static RegistryData? Read(string keyPath, string name)
    {
        using RegistryKey root = Hklm();
        using RegistryKey? key = root.OpenSubKey(keyPath, writable: false);
        return key is null ? null : Read(key, name);
    }

    private static RegistryData? Read(RegistryKey key, string name)
    {
        for (int attempt = 0; ; attempt++)
        {
            int size = 0;
            int error = RegQueryValueExW(key.Handle, name, IntPtr.Zero, out int type, null, ref size);
            if (error == ErrorFileNotFound)
            {
                return null;
            }

            if (error != 0)
            {
                throw new Win32Exception(error, $@"RegQueryValueEx(HKLM\{key.Name}\{name}) failed.");
            }

            byte[] data = new byte[size];
            error = RegQueryValueExW(key.Handle, name, IntPtr.Zero, out type, data, ref size);
            if (error == ErrorMoreData && attempt < 3)
            {
                continue;
            }

            if (error != 0)
            {
                throw new Win32Exception(error, $@"RegQueryValueEx(HKLM\{key.Name}\{name}) failed.");
            }

            return RegistryData.FromRaw(type, data.AsSpan(0, size).ToArray());
        }
    }

    private static void Write(RegistryKey key, string keyPath, string name, RegistryData? data)
    {
        if (data is null)
        {
            key.DeleteValue(name, throwOnMissingValue: false);
            return;
        }

        if (data.RawType is not int type || data.Raw is null)
        {
            throw new NotSupportedException($@"HKLM\{keyPath}\{name} was not read from a registry (no raw bytes): cannot restore it byte for byte.");
        }

        byte[] bytes = data.Raw.ToArray();
        int error = RegSetValueExW(key.Handle, name, 0, type, bytes, bytes.Length);
        if (error != 0)
        {
            throw new Win32Exception(error, $@"RegSetValueEx(HKLM\{keyPath}\{name}) failed.");
        }
    }

    private static RegistryKey Hklm() => RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern int RegQueryValueExW(SafeRegistryHandle key, string valueName, IntPtr reserved, out int type, byte[]? data, ref int dataSize);

    [DllImport("advapi32.dll", CharSet = CharSet.Unicode, ExactSpelling = true)]
    private static extern int RegSetValueExW(SafeRegistryHandle key, string valueName, int reserved, int type, byte[] data, int dataSize);
}
