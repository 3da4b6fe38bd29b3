using System;
using System.Collections.Generic;
using System.Text;

namespace WmiFixedPort.Tests.Windows;

/// <summary>
/// A native buffer laid out by hand for the layout tests: little-endian DWORDs, pointers of 4 or 8 bytes that hold the
/// absolute address (<see cref="BaseAddress"/> + offset) of strings written after the fixed part, as the SCM fills them.
/// </summary>
internal sealed class NativeBuffer
{
    private readonly List<byte> _bytes = new();
    private readonly List<KeyValuePair<int, string>> _pointers = new();

    /// <param name="baseAddress">Where the buffer lies (default: a low x86 address, or a typical x64 heap address).</param>
    public NativeBuffer(int pointerSize, long? baseAddress = null)
    {
        PointerSize = pointerSize;
        BaseAddress = baseAddress ?? (pointerSize == 4 ? 0x0012_0000 : 0x7FF6_1234_0000);
    }

    public int PointerSize { get; }

    public long BaseAddress { get; }

    public int Length => _bytes.Count;

    public NativeBuffer DWord(int value)
    {
        for (int i = 0; i < 4; i++)
        {
            _bytes.Add((byte)(value >> (8 * i)));
        }

        return this;
    }

    public NativeBuffer Bytes(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>Pads with zeros to a multiple of <paramref name="alignment"/>.</summary>
    public NativeBuffer Align(int alignment)
    {
        while (_bytes.Count % alignment != 0)
        {
            _bytes.Add(0);
        }

        return this;
    }

    /// <summary>A pointer to <paramref name="text"/> (written after the fixed part), or a null pointer.</summary>
    public NativeBuffer Pointer(string? text)
    {
        if (text is not null)
        {
            _pointers.Add(new KeyValuePair<int, string>(_bytes.Count, text));
        }

        _bytes.AddRange(new byte[PointerSize]);
        return this;
    }

    /// <summary>The fixed part, then the strings the pointers refer to (UTF-16, as given: include the terminators).</summary>
    public byte[] ToArray()
    {
        var bytes = new List<byte>(_bytes);
        foreach (KeyValuePair<int, string> pointer in _pointers)
        {
            long address = BaseAddress + bytes.Count;
            for (int i = 0; i < PointerSize; i++)
            {
                bytes[pointer.Key + i] = (byte)(address >> (8 * i));
            }

            bytes.AddRange(Encoding.Unicode.GetBytes(pointer.Value));
        }

        return bytes.ToArray();
    }
}
