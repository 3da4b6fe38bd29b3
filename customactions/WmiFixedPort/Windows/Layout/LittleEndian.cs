using System;
using System.Text;

namespace WmiFixedPort.Windows.Layout;

/// <summary>
/// Reads the fields of a native structure copied into a byte array (Windows is little-endian on x86, x64 and ARM64).
/// Pointers inside the buffer are addresses: <see cref="Pointer"/> reads one of the given size, <see cref="Offset"/>
/// turns it into an index into the same buffer.
/// </summary>
internal static class LittleEndian
{
    public static int Int32(byte[] buffer, int offset)
    {
        Check(buffer, offset, 4);
        return buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24);
    }

    public static long Int64(byte[] buffer, int offset) =>
        (uint)Int32(buffer, offset) | ((long)Int32(buffer, offset + 4) << 32);

    /// <summary>
    /// A native buffer's address as <see cref="Pointer"/> reads the pointers in it: IntPtr.ToInt64 sign-extends a 32-bit
    /// address at or above 2 GB (a large-address-aware x86 process), while a 4-byte pointer read is zero-extended.
    /// </summary>
    public static long Address(long value, int pointerSize) => pointerSize == 8 ? value : value & 0xFFFF_FFFFL;

    /// <summary>A pointer of 4 (x86) or 8 (x64, ARM64) bytes.</summary>
    public static long Pointer(byte[] buffer, int offset, int pointerSize) =>
        pointerSize == 8 ? Int64(buffer, offset) : (uint)Int32(buffer, offset);

    /// <summary>The index in <paramref name="buffer"/> a pointer refers to, or -1 for a null pointer.</summary>
    public static int Offset(long pointer, long bufferAddress, byte[] buffer)
    {
        if (pointer == 0)
        {
            return -1;
        }

        long offset = pointer - bufferAddress;
        if (offset < 0 || offset >= buffer.Length)
        {
            throw new FormatException($"a pointer (0x{pointer:X}) points outside the {buffer.Length}-byte buffer");
        }

        return (int)offset;
    }

    /// <summary>A null-terminated UTF-16 string starting at <paramref name="offset"/> (ends at the buffer's end at the latest).</summary>
    public static string String(byte[] buffer, int offset)
    {
        int end = offset;
        while (end + 1 < buffer.Length && (buffer[end] | buffer[end + 1]) != 0)
        {
            end += 2;
        }

        return Encoding.Unicode.GetString(buffer, offset, end - offset);
    }

    private static void Check(byte[] buffer, int offset, int size)
    {
        if (offset < 0 || offset + size > buffer.Length)
        {
            throw new FormatException($"a field at byte {offset} ({size} bytes) is outside the {buffer.Length}-byte buffer");
        }
    }
}
