using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;
using System.Security;
using Microsoft.Win32;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows;

/// <summary>HKLM in its 64-bit view. REG_EXPAND_SZ values are read and written unexpanded.</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsRegistry : IRegistry
{
    public RegValue? GetValue(string keyPath, string valueName) => Guarded(keyPath, valueName, "read", () =>
    {
        using RegistryKey? key = Hklm().OpenSubKey(keyPath, writable: false);
        object? data = key?.GetValue(valueName, null, RegistryValueOptions.DoNotExpandEnvironmentNames);
        if (key is null || data is null)
        {
            return null;
        }

        return key.GetValueKind(valueName) switch
        {
            RegistryValueKind.String => RegValue.String((string)data),
            RegistryValueKind.ExpandString => RegValue.ExpandString((string)data),
            RegistryValueKind.MultiString => RegValue.MultiString((string[])data),
            RegistryValueKind.DWord => RegValue.DWord((int)data),
            RegistryValueKind.QWord => RegValue.QWord((long)data),
            RegistryValueKind.Binary => RegValue.Binary((byte[])data),
            RegistryValueKind kind => throw new WindowsOperationException($@"HKLM\{keyPath}\{valueName} has the unsupported type {kind}"),
        };
    });

    public void SetValue(string keyPath, string valueName, RegValue value) => Guarded(keyPath, valueName, "write", () =>
    {
        using RegistryKey key = Hklm().CreateSubKey(keyPath, writable: true);
        key.SetValue(valueName, value.Data, value.Kind switch
        {
            RegKind.String => RegistryValueKind.String,
            RegKind.ExpandString => RegistryValueKind.ExpandString,
            RegKind.MultiString => RegistryValueKind.MultiString,
            RegKind.DWord => RegistryValueKind.DWord,
            RegKind.QWord => RegistryValueKind.QWord,
            _ => RegistryValueKind.Binary,
        });
        return true;
    });

    public void DeleteValue(string keyPath, string valueName) => Guarded(keyPath, valueName, "delete", () =>
    {
        using RegistryKey? key = Hklm().OpenSubKey(keyPath, writable: true);
        key?.DeleteValue(valueName, throwOnMissingValue: false);
        return true;
    });

    public bool KeyExists(string keyPath) => Guarded(keyPath, null, "open", () =>
    {
        using RegistryKey? key = Hklm().OpenSubKey(keyPath, writable: false);
        return key is not null;
    });

    public void CreateKey(string keyPath) => Guarded(keyPath, null, "create", () =>
    {
        using RegistryKey key = Hklm().CreateSubKey(keyPath, writable: true);
        return true;
    });

    public IReadOnlyList<string> GetValueNames(string keyPath) => Guarded(keyPath, null, "list the values of", () =>
    {
        using RegistryKey? key = Hklm().OpenSubKey(keyPath, writable: false);
        return (IReadOnlyList<string>?)key?.GetValueNames() ?? Array.Empty<string>();
    });

    public IReadOnlyList<string> GetSubKeyNames(string keyPath) => Guarded(keyPath, null, "list the subkeys of", () =>
    {
        using RegistryKey? key = Hklm().OpenSubKey(keyPath, writable: false);
        return (IReadOnlyList<string>?)key?.GetSubKeyNames() ?? Array.Empty<string>();
    });

    public void DeleteKeyTree(string keyPath) => Guarded(keyPath, null, "delete", () =>
    {
        Hklm().DeleteSubKeyTree(keyPath, throwOnMissingSubKey: false);
        return true;
    });

    public bool CanWrite(string keyPath) => Guarded(keyPath, null, "open", () =>
    {
        try
        {
            using RegistryKey? key = Hklm().OpenSubKey(keyPath, writable: true);
            return true;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or SecurityException)
        {
            return false;
        }
    });

    private static RegistryKey Hklm() => RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, RegistryView.Registry64);

    private static T Guarded<T>(string keyPath, string? valueName, string verb, Func<T> action)
    {
        string location = valueName is null ? $@"HKLM\{keyPath}" : $@"HKLM\{keyPath}\{valueName}";
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or SecurityException or IOException or ArgumentException)
        {
            throw new WindowsOperationException($"could not {verb} {location}: {ex.Message} (0x{ex.HResult:X8})", ex);
        }
    }
}
