using System;
using System.IO;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace WmiFixedPort.Release.Tests.TestInfrastructure;

/// <summary>
/// Embedded managed resources (ManifestResource rows with no implementation: the bytes are in the image) of a .NET
/// assembly, read with System.Reflection.Metadata. ECMA-335 II.24.2.6 / II.25.3.3: the CLI header's Resources directory
/// holds each resource as a 4-byte little-endian length followed by the bytes, at the row's Offset.
/// </summary>
internal static class ManagedResources
{
    public static byte[] Read(byte[] image, string resourceName, string imageName)
    {
        using var pe = new PEReader(new MemoryStream(image, writable: false));
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || metadata.GetString(resource.Name) != resourceName)
            {
                continue;
            }

            var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
                ?? throw new InvalidDataException($"{imageName} has no CLI header.");
            var block = pe.GetSectionData(directory.RelativeVirtualAddress).GetContent();
            var offset = (int)resource.Offset;
            var length = BitConverter.ToInt32(block.AsSpan(offset, 4));
            return block.AsSpan(offset + 4, length).ToArray();
        }

        throw new InvalidDataException($"{imageName} embeds no resource named {resourceName}.");
    }
}
