using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace WmiFixedPort.Machine;

/// <summary>An immutable registry value: its type and its data, compared by value.</summary>
internal sealed class RegValue : IEquatable<RegValue>
{
    private const int RegSz = 1;
    private const int RegExpandSz = 2;
    private const int RegMultiSz = 7;

    private readonly object _data;

    private RegValue(RegKind kind, object data, int rawType = -1)
    {
        Kind = kind;
        _data = data;
        RawType = rawType;
    }

    public RegKind Kind { get; }

    /// <summary>The registry type number (REG_NONE = 0, ...) of a <see cref="RegKind.Other"/> value, otherwise -1.</summary>
    public int RawType { get; }

    /// <summary>The data: a string, a string array, an int, a long or a byte array, by <see cref="Kind"/>.</summary>
    public object Data => _data is Array array ? array.Clone() : _data;

    public static RegValue String(string text) => new(RegKind.String, text ?? throw new ArgumentNullException(nameof(text)));

    public static RegValue ExpandString(string text) => new(RegKind.ExpandString, text ?? throw new ArgumentNullException(nameof(text)));

    public static RegValue MultiString(IEnumerable<string> lines) => new(RegKind.MultiString, lines.ToArray());

    public static RegValue DWord(int number) => new(RegKind.DWord, number);

    public static RegValue QWord(long number) => new(RegKind.QWord, number);

    public static RegValue Binary(IEnumerable<byte> bytes) => new(RegKind.Binary, bytes.ToArray());

    /// <summary>A value of any registry type, as its type number and bytes.</summary>
    public static RegValue Raw(int type, IEnumerable<byte> bytes) => new(RegKind.Other, bytes.ToArray(), type);

    /// <summary>
    /// The text of a REG_SZ or REG_EXPAND_SZ value, otherwise null; for one kept raw (no terminator, data after it),
    /// the text up to the first null, as Windows' readers take it.
    /// </summary>
    public string? Text => _data as string ?? (RawType is RegSz or RegExpandSz ? Windows.Layout.LittleEndian.String((byte[])_data, 0) : null);

    /// <summary>
    /// The lines of a REG_MULTI_SZ value, otherwise null; for one kept raw, the strings up to the first empty one or the
    /// end of the data.
    /// </summary>
    public IReadOnlyList<string>? Lines => (IReadOnlyList<string>?)(_data as string[]) ?? (RawType == RegMultiSz ? Windows.Layout.MultiString.Parse((byte[])_data, 0) : null);

    /// <summary>The number of a REG_DWORD value, otherwise null.</summary>
    public int? Number => Kind == RegKind.DWord ? (int)_data : null;

    public bool Equals(RegValue? other)
    {
        if (other is null || other.Kind != Kind || other.RawType != RawType)
        {
            return false;
        }

        if (_data is string[] lines)
        {
            return lines.SequenceEqual((string[])other._data, StringComparer.Ordinal);
        }

        return _data is byte[] bytes ? bytes.SequenceEqual((byte[])other._data) : _data.Equals(other._data);
    }

    public override bool Equals(object? obj) => Equals(obj as RegValue);

    public override int GetHashCode() => ToString().GetHashCode();

    private string Hex => string.Concat(((byte[])_data).Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    /// <summary>Renders the value as reg.exe shows it, for logs and snapshots.</summary>
    public override string ToString()
    {
        return Kind switch
        {
            RegKind.String => "REG_SZ " + (string)_data,
            RegKind.ExpandString => "REG_EXPAND_SZ " + (string)_data,
            RegKind.MultiString => "REG_MULTI_SZ " + string.Join("\\0", (string[])_data),
            RegKind.DWord => "REG_DWORD " + ((int)_data).ToString(CultureInfo.InvariantCulture),
            RegKind.QWord => "REG_QWORD " + ((long)_data).ToString(CultureInfo.InvariantCulture),
            RegKind.Other => "REG_TYPE_" + RawType.ToString(CultureInfo.InvariantCulture) + " " + Hex,
            _ => "REG_BINARY " + Hex,
        };
    }
}
