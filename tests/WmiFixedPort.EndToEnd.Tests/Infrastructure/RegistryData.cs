using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>A registry value's kind and data, as text: REG_DWORD as decimal, REG_BINARY as hex, one item per
/// string of a REG_MULTI_SZ. Platform-neutral so that snapshots can be rendered and compared anywhere.</summary>
internal sealed class RegistryData
{
    public const string String = "REG_SZ";
    public const string ExpandString = "REG_EXPAND_SZ";
    public const string MultiString = "REG_MULTI_SZ";
    public const string DWord = "REG_DWORD";
    public const string QWord = "REG_QWORD";
    public const string Binary = "REG_BINARY";

    public RegistryData(string kind, IReadOnlyList<string> items)
    {
        Kind = kind;
        Items = items;
    }

    public string Kind { get; }

    public IReadOnlyList<string> Items { get; }

    public static RegistryData Text(string kind, string value) => new(kind, new[] { value });

    public static RegistryData Number(string kind, long value) => new(kind, new[] { value.ToString(CultureInfo.InvariantCulture) });

    public static RegistryData Lines(IEnumerable<string> lines) => new(MultiString, lines.ToArray());

    public static RegistryData Bytes(byte[] bytes) => new(Binary, new[] { Convert.ToHexString(bytes) });

    /// <summary>The single item of a non-multi-string value.</summary>
    public string Single => Items.Count == 1 ? Items[0] : string.Join(",", Items);

    public string Render() => Kind switch
    {
        MultiString => $"{Kind} [{string.Join(", ", Items.Select(Quote))}]",
        String or ExpandString => $"{Kind} {Quote(Single)}",
        _ => $"{Kind} {Single}",
    };

    private static string Quote(string value) => "\"" + value + "\"";
}
