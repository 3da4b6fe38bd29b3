using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>A registry value's kind and data, as text: REG_DWORD as decimal, REG_BINARY as hex, one item per
/// string of a REG_MULTI_SZ. Platform-neutral so that snapshots can be rendered and compared anywhere. A value read
/// from a real registry also keeps its exact bytes (<see cref="Raw"/>): two values are equal only when their bytes
/// are, so a lost terminator or an extra empty string is a difference even where the text looks the same.</summary>
internal sealed class RegistryData
{
    public const string String = "REG_SZ";
    public const string ExpandString = "REG_EXPAND_SZ";
    public const string MultiString = "REG_MULTI_SZ";
    public const string DWord = "REG_DWORD";
    public const string QWord = "REG_QWORD";
    public const string Binary = "REG_BINARY";

    public RegistryData(string kind, IReadOnlyList<string> items)
        : this(kind, items, null, null)
    {
    }

    private RegistryData(string kind, IReadOnlyList<string> items, int? rawType, byte[]? raw)
    {
        Kind = kind;
        Items = items;
        RawType = rawType;
        Raw = raw;
    }

    public string Kind { get; }

    public IReadOnlyList<string> Items { get; }

    /// <summary>The value's type as RegQueryValueEx returned it (REG_SZ = 1 ...); null when built by hand.</summary>
    public int? RawType { get; }

    /// <summary>The value's bytes exactly as stored; null when built by hand.</summary>
    public IReadOnlyList<byte>? Raw { get; }

    public static RegistryData Text(string kind, string value) => new(kind, new[] { value });

    public static RegistryData Number(string kind, long value) => new(kind, new[] { value.ToString(CultureInfo.InvariantCulture) });

    public static RegistryData Lines(IEnumerable<string> lines) => new(MultiString, lines.ToArray());

    public static RegistryData Bytes(byte[] bytes) => new(Binary, new[] { Convert.ToHexString(bytes) });

    /// <summary>A value as RegQueryValueEx returns it: its type and bytes. The text is decoded the way Windows stores
    /// each type (winnt.h REG_*: strings UTF-16LE with a terminator, REG_MULTI_SZ a sequence of terminated strings
    /// closed by an empty one, REG_DWORD/REG_QWORD little-endian); the bytes are kept as they are.</summary>
    public static RegistryData FromRaw(int type, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        byte[] copy = (byte[])bytes.Clone();
        return type switch
        {
            1 => new RegistryData(String, new[] { FirstString(bytes) }, type, copy),
            2 => new RegistryData(ExpandString, new[] { FirstString(bytes) }, type, copy),
            7 => new RegistryData(MultiString, MultiStrings(bytes), type, copy),
            4 when bytes.Length == 4 => new RegistryData(DWord, new[] { BitConverter.ToUInt32(bytes).ToString(CultureInfo.InvariantCulture) }, type, copy),
            11 when bytes.Length == 8 => new RegistryData(QWord, new[] { BitConverter.ToInt64(bytes).ToString(CultureInfo.InvariantCulture) }, type, copy),
            3 => new RegistryData(Binary, new[] { Convert.ToHexString(bytes) }, type, copy),
            _ => new RegistryData("REG_TYPE_" + type.ToString(CultureInfo.InvariantCulture), new[] { Convert.ToHexString(bytes) }, type, copy),
        };
    }

    /// <summary>The single item of a non-multi-string value.</summary>
    public string Single => Items.Count == 1 ? Items[0] : string.Join(",", Items);

    public string Render()
    {
        string text = Kind switch
        {
            MultiString => $"{Kind} [{string.Join(", ", Items.Select(Quote))}]",
            String or ExpandString => $"{Kind} {Quote(Single)}",
            _ => $"{Kind} {Single}",
        };
        return Raw is null ? text : text + " " + Fingerprint(Raw);
    }

    /// <summary>"{n bytes, sha256 0123456789ab}": short enough to read, exact enough to compare.</summary>
    public static string Fingerprint(IReadOnlyList<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string hash = Convert.ToHexString(SHA256.HashData(bytes.ToArray()))[..12].ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture, $"{{{bytes.Count} bytes, sha256 {hash}}}");
    }

    private static string FirstString(byte[] bytes)
    {
        string all = Encoding.Unicode.GetString(bytes, 0, bytes.Length - (bytes.Length % 2));
        int end = all.IndexOf('\0', StringComparison.Ordinal);
        return end < 0 ? all : all[..end];
    }

    private static string[] MultiStrings(byte[] bytes)
    {
        string all = Encoding.Unicode.GetString(bytes, 0, bytes.Length - (bytes.Length % 2));
        var items = new List<string>();
        int start = 0;
        while (start < all.Length)
        {
            int end = all.IndexOf('\0', start);
            if (end < 0)
            {
                items.Add(all[start..]);
                break;
            }

            if (end == start)
            {
                break;
            }

            items.Add(all[start..end]);
            start = end + 1;
        }

        return items.ToArray();
    }

    private static string Quote(string value) => "\"" + value + "\"";
}
