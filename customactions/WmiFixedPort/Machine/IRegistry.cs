using System.Collections.Generic;

namespace WmiFixedPort.Machine;

/// <summary>
/// HKEY_LOCAL_MACHINE, 64-bit view. Key paths are relative to HKLM. Failures throw
/// <see cref="WindowsOperationException"/>.
/// </summary>
internal interface IRegistry
{
    /// <summary>The value, or null when the key or the value does not exist.</summary>
    RegValue? GetValue(string keyPath, string valueName);

    /// <summary>Writes the value, creating the key if needed.</summary>
    void SetValue(string keyPath, string valueName, RegValue value);

    /// <summary>Deletes the value; nothing happens when it does not exist.</summary>
    void DeleteValue(string keyPath, string valueName);

    bool KeyExists(string keyPath);

    /// <summary>Creates the key (and its parents); nothing happens when it exists.</summary>
    void CreateKey(string keyPath);

    /// <summary>The value names of the key; empty when the key does not exist.</summary>
    IReadOnlyList<string> GetValueNames(string keyPath);

    /// <summary>The names of the key's subkeys; empty when the key does not exist.</summary>
    IReadOnlyList<string> GetSubKeyNames(string keyPath);

    /// <summary>Deletes the key and everything below it; nothing happens when it does not exist.</summary>
    void DeleteKeyTree(string keyPath);

    /// <summary>
    /// Opens the existing key for writing (set value, create subkey, delete) without writing anything: false when
    /// access is denied (e.g. a key owned by TrustedInstaller).
    /// </summary>
    bool CanWrite(string keyPath);

    /// <summary>Opens the existing key for DELETE (what RegDeleteKey needs on the key it deletes): false when denied.</summary>
    bool CanDelete(string keyPath);
}
