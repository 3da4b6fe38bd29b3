using System;
using System.Linq;
using System.Text;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Windows.Layout;

/// <summary>
/// Registry data as RegQueryValueExW returns it and RegSetValueExW takes it (winnt.h "Registry value types",
/// learn.microsoft.com/windows/win32/sysinfo/registry-value-types): REG_NONE 0, REG_SZ 1, REG_EXPAND_SZ 2,
/// REG_BINARY 3, REG_DWORD 4 (little-endian), REG_DWORD_BIG_ENDIAN 5, REG_LINK 6, REG_MULTI_SZ 7, REG_RESOURCE_LIST 8,
/// REG_FULL_RESOURCE_DESCRIPTOR 9, REG_RESOURCE_REQUIREMENTS_LIST 10, REG_QWORD 11. Strings are UTF-16 with a
/// terminating null; a multi-string ends with an extra null. Decoding gives the typed value only when encoding it
/// again gives the same bytes; anything else (another type, a string without its terminator, a DWORD of the wrong
/// size) stays raw, so every value is copied and restored byte for byte.
/// </summary>
internal static class RegistryValueCodec
{
    public const int RegNone = 0;
    public const int RegSz = 1;
    public const int RegExpandSz = 2;
    public const int RegBinary = 3;
    public const int RegDword = 4;
    public const int RegMultiSz = 7;
    public const int RegQword = 11;

    public static RegValue Decode(int type, byte[] data)
    {
        RegValue? typed = type switch
        {
            RegSz => Even(data) ? RegValue.String(StringOf(data)) : null,
            RegExpandSz => Even(data) ? RegValue.ExpandString(StringOf(data)) : null,
            RegMultiSz => Even(data) ? RegValue.MultiString(MultiString.Parse(data, 0)) : null,
            RegDword => data.Length == 4 ? RegValue.DWord(LittleEndian.Int32(data, 0)) : null,
            RegQword => data.Length == 8 ? RegValue.QWord(LittleEndian.Int64(data, 0)) : null,
            RegBinary => RegValue.Binary(data),
            _ => null,
        };
        return typed is not null && Encode(typed, out _).SequenceEqual(data) ? typed : RegValue.Raw(type, data);
    }

    /// <summary>The bytes to write, and in <paramref name="type"/> the registry type.</summary>
    public static byte[] Encode(RegValue value, out int type)
    {
        type = value.Kind switch
        {
            RegKind.String => RegSz,
            RegKind.ExpandString => RegExpandSz,
            RegKind.MultiString => RegMultiSz,
            RegKind.DWord => RegDword,
            RegKind.QWord => RegQword,
            RegKind.Binary => RegBinary,
            _ => value.RawType,
        };
        return value.Kind switch
        {
            RegKind.String or RegKind.ExpandString => Terminated(value.Text!),
            RegKind.MultiString => Encoding.Unicode.GetBytes(string.Concat(value.Lines!.Select(line => line + "\0")) + "\0"),
            RegKind.DWord => LittleEndianBytes((int)value.Data, 4),
            RegKind.QWord => LittleEndianBytes((long)value.Data, 8),
            _ => (byte[])value.Data,
        };
    }

    private static bool Even(byte[] data) => data.Length % 2 == 0;

    /// <summary>The string up to its first null (the terminator); data after it makes the value raw (it would not round-trip).</summary>
    private static string StringOf(byte[] data) => LittleEndian.String(data, 0);

    private static byte[] Terminated(string text) => Encoding.Unicode.GetBytes(text + "\0");

    private static byte[] LittleEndianBytes(long number, int size)
    {
        var bytes = new byte[size];
        for (int i = 0; i < size; i++)
        {
            bytes[i] = (byte)(number >> (8 * i));
        }

        return bytes;
    }

    /// <summary>For tests and messages: the name of a registry type number.</summary>
    public static string TypeName(int type) => type switch
    {
        RegNone => "REG_NONE",
        RegSz => "REG_SZ",
        RegExpandSz => "REG_EXPAND_SZ",
        RegBinary => "REG_BINARY",
        RegDword => "REG_DWORD",
        RegMultiSz => "REG_MULTI_SZ",
        RegQword => "REG_QWORD",
        _ => "type " + type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

}
