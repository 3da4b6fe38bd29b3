using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;
using System.Security;
using System.Security.AccessControl;
using Microsoft.Win32;
using WmiFixedPort.Machine;
using WmiFixedPort.Windows.Layout;

namespace WmiFixedPort.Windows;

/// <summary>HKLM in its 64-bit view. Values are read and written as type and bytes: REG_EXPAND_SZ stays unexpanded, any type is kept.</summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsRegistry : IRegistry
{
    /// <summary>Reads the value's type and bytes (RegQueryValueExW) and decodes them: any type, byte for byte.</summary>
    public RegValue? GetValue(string keyPath, string valueName) => Guarded(keyPath, valueName, "read", () =>
    {
        using RegistryKey? key = Hklm().OpenSubKey(keyPath, writable: false);
        if (key is null)
        {
            return null;
        }

        int size = 0;
        byte[]? data = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            int error = NativeMethods.RegQueryValueEx(key.Handle, valueName, IntPtr.Zero, out int type, data, ref size);
            if (error == NativeMethods.ErrorFileNotFound)
            {
                return null;
            }

            if (error == 0 && data is not null)
            {
                Array.Resize(ref data, size);
                return RegistryValueCodec.Decode(type, data);
            }

            if (error != 0 && error != NativeMethods.ErrorMoreData)
            {
                throw new WindowsOperationException($@"could not read HKLM\{keyPath}\{valueName}: Windows error {error}", error);
            }

            data = new byte[Math.Max(size, 1)]; // sized by the call; a value that grew meanwhile asks again
        }

        throw new WindowsOperationException($@"could not read HKLM\{keyPath}\{valueName}: it kept growing", NativeMethods.ErrorMoreData);
    });

    /// <summary>Writes the value's type and bytes (RegSetValueExW), as <see cref="RegistryValueCodec"/> encodes them.</summary>
    public void SetValue(string keyPath, string valueName, RegValue value) => Guarded(keyPath, valueName, "write", () =>
    {
        using RegistryKey key = Hklm().CreateSubKey(keyPath, writable: true);
        byte[] data = RegistryValueCodec.Encode(value, out int type);
        int error = NativeMethods.RegSetValueEx(key.Handle, valueName, 0, type, data, data.Length);
        return error == 0 ? true : throw new WindowsOperationException($@"could not write HKLM\{keyPath}\{valueName}: Windows error {error}", error);
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

    public bool CanDelete(string keyPath) => Guarded(keyPath, null, "open", () =>
    {
        try
        {
            using RegistryKey? key = Hklm().OpenSubKey(keyPath, RegistryKeyPermissionCheck.ReadSubTree, RegistryRights.Delete);
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
