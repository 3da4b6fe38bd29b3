using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection.PortableExecutable;
using System.Text;

namespace WmiFixedPort.Release.Tests.TestInfrastructure;

/// <summary>
/// The Win32 version resource (RT_VERSION) of a PE file, read without Windows: what Explorer's Details tab and
/// FileVersionInfo on Windows show. Formats: the resource directory (learn.microsoft.com/windows/win32/debug/pe-format,
/// ".rsrc Section": IMAGE_RESOURCE_DIRECTORY, _ENTRY, _DATA_ENTRY), VS_VERSIONINFO and its children
/// (learn.microsoft.com/windows/win32/menurc/vs-versioninfo, stringfileinfo, stringtable, string-str) and
/// VS_FIXEDFILEINFO (learn.microsoft.com/windows/win32/api/verrsrc/ns-verrsrc-vs_fixedfileinfo).
/// </summary>
internal sealed class PeVersionResource
{
    private const int ResourceTypeVersion = 16;
    private const uint FixedFileInfoSignature = 0xFEEF04BD;

    private PeVersionResource(Version fileVersion, Version productVersion, IReadOnlyDictionary<string, string> strings)
    {
        this.FileVersion = fileVersion;
        this.ProductVersion = productVersion;
        this.Strings = strings;
    }

    /// <summary>VS_FIXEDFILEINFO dwFileVersionMS/LS.</summary>
    public Version FileVersion { get; }

    /// <summary>VS_FIXEDFILEINFO dwProductVersionMS/LS.</summary>
    public Version ProductVersion { get; }

    /// <summary>The StringFileInfo values (FileVersion, ProductVersion, CompanyName, ...) of the first string table.</summary>
    public IReadOnlyDictionary<string, string> Strings { get; }

    public static PeVersionResource Read(string path) => Read(File.ReadAllBytes(path), path);

    public static PeVersionResource Read(byte[] image, string name)
    {
        try
        {
            using var pe = new PEReader(new MemoryStream(image, writable: false));
            var directory = pe.PEHeaders.PEHeader?.ResourceTableDirectory
                ?? throw new InvalidDataException($"{name} is not a PE image (no optional header).");
            if (directory.RelativeVirtualAddress == 0)
            {
                throw new InvalidDataException($"{name} has no resource section.");
            }

            var root = pe.GetSectionData(directory.RelativeVirtualAddress).GetContent();
            var typeDirectory = FindEntry(root, 0, ResourceTypeVersion, name, "RT_VERSION");
            var nameDirectory = FirstEntry(root, typeDirectory, name);
            var dataEntry = FirstEntry(root, nameDirectory, name);
            var dataRva = (int)ReadUInt32(root, dataEntry);
            var size = (int)ReadUInt32(root, dataEntry + 4);
            var data = System.Linq.ImmutableArrayExtensions.ToArray(pe.GetSectionData(dataRva).GetContent(0, size));
            return Parse(data, name);
        }
        catch (BadImageFormatException e)
        {
            throw new InvalidDataException($"{name} is not a PE image: {e.Message}", e);
        }
    }

    private static int FindEntry(System.Collections.Immutable.ImmutableArray<byte> section, int directory, int id, string name, string what)
    {
        int named = ReadUInt16(section, directory + 12), ids = ReadUInt16(section, directory + 14);
        for (var i = named; i < named + ids; i++)
        {
            var entry = directory + 16 + (8 * i);
            if (ReadUInt32(section, entry) == id)
            {
                return (int)(ReadUInt32(section, entry + 4) & 0x7FFFFFFF);
            }
        }

        throw new InvalidDataException($"{name} has no {what} resource.");
    }

    private static int FirstEntry(System.Collections.Immutable.ImmutableArray<byte> section, int directory, string name)
    {
        if (ReadUInt16(section, directory + 12) + ReadUInt16(section, directory + 14) == 0)
        {
            throw new InvalidDataException($"{name} has an empty resource directory.");
        }

        return (int)(ReadUInt32(section, directory + 16 + 4) & 0x7FFFFFFF);
    }

    private static PeVersionResource Parse(byte[] data, string name)
    {
        var root = Node.Parse(data, 0);
        if (root.Key != "VS_VERSION_INFO" || root.ValueLength < 52 || BitConverter.ToUInt32(data, root.ValueOffset) != FixedFileInfoSignature)
        {
            throw new InvalidDataException($"{name}: the RT_VERSION resource is not a VS_VERSIONINFO with a VS_FIXEDFILEINFO.");
        }

        Version Read(int offset) => new(
            BitConverter.ToUInt16(data, offset + 2), BitConverter.ToUInt16(data, offset), BitConverter.ToUInt16(data, offset + 6), BitConverter.ToUInt16(data, offset + 4));
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var child in root.Children(data))
        {
            if (child.Key != "StringFileInfo")
            {
                continue;
            }

            foreach (var table in child.Children(data))
            {
                foreach (var entry in table.Children(data))
                {
                    strings.TryAdd(entry.Key, entry.Text(data));
                }

                break;
            }
        }

        return new PeVersionResource(Read(root.ValueOffset + 8), Read(root.ValueOffset + 16), strings);
    }

    private static ushort ReadUInt16(System.Collections.Immutable.ImmutableArray<byte> bytes, int offset) => (ushort)(bytes[offset] | (bytes[offset + 1] << 8));

    private static uint ReadUInt32(System.Collections.Immutable.ImmutableArray<byte> bytes, int offset) =>
        (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));

    /// <summary>One block of VS_VERSIONINFO: wLength, wValueLength, wType (1 = text, in WCHARs), szKey, padding, Value, padding, Children.</summary>
    private sealed record Node(int Offset, int Length, string Key, int ValueOffset, int ValueLength, bool IsText, int ChildrenOffset)
    {
        public static Node Parse(byte[] data, int offset)
        {
            int length = BitConverter.ToUInt16(data, offset), valueLength = BitConverter.ToUInt16(data, offset + 2), type = BitConverter.ToUInt16(data, offset + 4);
            if (length < 6 || offset + length > data.Length)
            {
                throw new InvalidDataException($"A version resource block at {offset} has the length {length}, outside the resource.");
            }

            var keyEnd = offset + 6;
            while (keyEnd + 1 < data.Length && (data[keyEnd] != 0 || data[keyEnd + 1] != 0))
            {
                keyEnd += 2;
            }

            var key = Encoding.Unicode.GetString(data, offset + 6, keyEnd - offset - 6);
            var valueOffset = Align(keyEnd + 2);
            var valueBytes = type == 1 ? valueLength * 2 : valueLength;
            return new Node(offset, length, key, valueOffset, valueBytes, type == 1, Align(valueOffset + valueBytes));
        }

        public IEnumerable<Node> Children(byte[] data)
        {
            for (var child = this.ChildrenOffset; child < this.Offset + this.Length;)
            {
                var node = Parse(data, child);
                yield return node;
                child = Align(child + node.Length);
            }
        }

        public string Text(byte[] data) => Encoding.Unicode.GetString(data, this.ValueOffset, this.ValueLength).TrimEnd('\0');

        private static int Align(int offset) => (offset + 3) & ~3;
    }
}
