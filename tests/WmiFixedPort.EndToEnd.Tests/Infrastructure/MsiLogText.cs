using System;
using System.Text;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>Decodes an msiexec log: UTF-16LE with a byte-order mark as Windows Installer writes it, UTF-8 or
/// ANSI text otherwise (ASCII-only content reads the same in either).</summary>
internal static class MsiLogText
{
    public static string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        bool looksUtf16 = bytes.Length >= 4 && bytes[1] == 0 && bytes[3] == 0;
        return looksUtf16 ? Encoding.Unicode.GetString(bytes) : Encoding.UTF8.GetString(bytes);
    }
}
