using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>
/// HKLM in memory: case-insensitive keys and value names, parents created with their children, a one-shot
/// "access denied" fault that can be armed for writes matching a predicate, and keys that deny every write (as keys
/// owned by TrustedInstaller deny Administrators and SYSTEM write access), which <see cref="CanWrite"/> reports.
/// </summary>
internal sealed class FakeRegistry : IRegistry
{
    private readonly SortedDictionary<string, Dictionary<string, RegValue>> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _keyNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _writes = new();
    private readonly HashSet<string> _readOnlyKeys = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _undeletableKeys = new(StringComparer.OrdinalIgnoreCase);
    private Func<string, string?, bool>? _denyWrite;
    private int _denials;

    /// <summary>Every write, delete and key creation, in order, as "set|delete|create|delete-tree HKLM\...".</summary>
    public IReadOnlyList<string> Writes => _writes;

    public FakeRegistry With(string keyPath, string valueName, RegValue value)
    {
        SetValue(keyPath, valueName, value);
        _writes.Clear();
        return this;
    }

    public FakeRegistry WithKey(string keyPath)
    {
        CreateKey(keyPath);
        _writes.Clear();
        return this;
    }

    /// <summary>The next <paramref name="times"/> writes (set, delete, create) matching the predicate fail with access denied.</summary>
    public void DenyWrites(Func<string, string?, bool> matches, int times = 1)
    {
        _denyWrite = matches;
        _denials = times;
    }

    /// <summary>Every write to this key (not its subkeys) is denied from now on.</summary>
    public void MakeReadOnly(string keyPath) => _readOnlyKeys.Add(keyPath);

    public bool CanWrite(string keyPath) => !_readOnlyKeys.Contains(keyPath);

    /// <summary>Keys whose DACL grants no DELETE (RegDeleteKey needs it on the key it deletes); a delete of them is denied.</summary>
    public void DenyDelete(string keyPath) => _undeletableKeys.Add(keyPath);

    public bool CanDelete(string keyPath) => !_undeletableKeys.Contains(keyPath);

    public RegValue? GetValue(string keyPath, string valueName) =>
        _keys.TryGetValue(keyPath, out Dictionary<string, RegValue>? values) && values.TryGetValue(valueName, out RegValue? value) ? value : null;

    public void SetValue(string keyPath, string valueName, RegValue value)
    {
        Deny(keyPath, valueName);
        CreateKeyUnchecked(keyPath);
        _keys[keyPath][valueName] = value;
        _writes.Add($@"set HKLM\{keyPath}\{valueName} = {value}");
    }

    public void DeleteValue(string keyPath, string valueName)
    {
        Deny(keyPath, valueName);
        if (_keys.TryGetValue(keyPath, out Dictionary<string, RegValue>? values) && values.Remove(valueName))
        {
            _writes.Add($@"delete HKLM\{keyPath}\{valueName}");
        }
    }

    public bool KeyExists(string keyPath) => _keys.ContainsKey(keyPath);

    public void CreateKey(string keyPath)
    {
        Deny(keyPath, null);
        if (!_keys.ContainsKey(keyPath))
        {
            _writes.Add($@"create HKLM\{keyPath}");
        }

        CreateKeyUnchecked(keyPath);
    }

    public IReadOnlyList<string> GetValueNames(string keyPath) =>
        _keys.TryGetValue(keyPath, out Dictionary<string, RegValue>? values) ? values.Keys.ToList() : new List<string>();

    public IReadOnlyList<string> GetSubKeyNames(string keyPath) =>
        _keyNames.Values
            .Where(name => name.StartsWith(keyPath + @"\", StringComparison.OrdinalIgnoreCase) && name.IndexOf('\\', keyPath.Length + 1) < 0)
            .Select(name => name.Substring(keyPath.Length + 1))
            .ToList();

    public void DeleteKeyTree(string keyPath)
    {
        Deny(keyPath, null);
        if (_undeletableKeys.Contains(keyPath) && _keys.ContainsKey(keyPath))
        {
            throw new WindowsOperationException($@"could not delete HKLM\{keyPath}: Access is denied. (0x80070005)", 5);
        }

        List<string> doomed = _keys.Keys
            .Where(name => string.Equals(name, keyPath, StringComparison.OrdinalIgnoreCase) || name.StartsWith(keyPath + @"\", StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (string name in doomed)
        {
            _keys.Remove(name);
            _keyNames.Remove(name);
        }

        if (doomed.Count > 0)
        {
            _writes.Add($@"delete-tree HKLM\{keyPath}");
        }
    }

    /// <summary>The whole registry as sorted lines: every key, and every value with its type and data.</summary>
    public IReadOnlyList<string> Snapshot()
    {
        var lines = new List<string>();
        foreach (KeyValuePair<string, Dictionary<string, RegValue>> key in _keys)
        {
            lines.Add($@"HKLM\{_keyNames[key.Key]}");
            lines.AddRange(key.Value.OrderBy(value => value.Key, StringComparer.OrdinalIgnoreCase)
                .Select(value => $@"HKLM\{_keyNames[key.Key]}\{value.Key} = {value.Value}"));
        }

        return lines;
    }

    private void CreateKeyUnchecked(string keyPath)
    {
        string[] parts = keyPath.Split('\\');
        for (int i = 1; i <= parts.Length; i++)
        {
            string path = string.Join(@"\", parts.Take(i));
            if (!_keys.ContainsKey(path))
            {
                _keys[path] = new Dictionary<string, RegValue>(StringComparer.OrdinalIgnoreCase);
                _keyNames[path] = path;
            }
        }
    }

    private void Deny(string keyPath, string? valueName)
    {
        string parent = keyPath.Contains('\\', StringComparison.Ordinal) ? keyPath.Substring(0, keyPath.LastIndexOf('\\')) : string.Empty;
        if (_readOnlyKeys.Contains(keyPath) || (!_keys.ContainsKey(keyPath) && _readOnlyKeys.Contains(parent)))
        {
            throw new WindowsOperationException($@"could not write HKLM\{keyPath}: Access to the registry key is denied. (0x80070005)", 5);
        }

        if (_denials > 0 && _denyWrite is not null && _denyWrite(keyPath, valueName))
        {
            _denials--;
            throw new WindowsOperationException(
                $@"could not write HKLM\{keyPath}{(valueName is null ? string.Empty : @"\" + valueName)}: Access to the registry key is denied. (0x80070005)");
        }
    }
}
