using System.Collections.Generic;

namespace WmiFixedPort.Windows.Layout;

/// <summary>
/// A sequence of null-terminated UTF-16 strings ended by an empty string (REG_MULTI_SZ data, QUERY_SERVICE_CONFIGW's
/// lpDependencies). Parsing stops at the first empty string or the end of the buffer, whichever comes first, so data
/// without its final terminator (which RegQueryValueEx can return) still reads.
/// </summary>
internal static class MultiString
{
    public static List<string> Parse(byte[] buffer, int offset)
    {
        var items = new List<string>();
        while (offset >= 0 && offset + 1 < buffer.Length)
        {
            string item = LittleEndian.String(buffer, offset);
            if (item.Length == 0)
            {
                break;
            }

            items.Add(item);
            offset += (item.Length + 1) * 2;
        }

        return items;
    }
}
