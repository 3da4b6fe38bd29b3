using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Wixext.Tests.TestInfrastructure;

namespace WmiFixedPort.Wixext.Tests;

/// <summary>
/// The three assemblies of the package (wixext5/, wixext6/, wixext7/WmiFixedPort.wixext.dll, taken out of the packed
/// package by .ci/wixext.sh), read as metadata, never loaded: each is compiled against its own major's WiX API, and the
/// wixlib each embeds (built by that major's SDK; the three come out equal but for WiX's random id, so which SDK built one
/// is not visible in it) holds no path of the machine that built it.
/// </summary>
[TestClass]
public sealed class ExtensionAssemblyTests
{
    private const string WixlibResource = "WmiFixedPort.Wixext.wmifixedport.wixlib";

    public static IEnumerable<object[]> Majors => WixextOutputs.Majors.Select(m => new object[] { m });

    [TestMethod]
    [DynamicData(nameof(Majors))]
    public void References_WhenPackedForAMajor_AreThatMajorsExtensibilityAndData(int major)
    {
        using var pe = new PEReader(File.OpenRead(WixextOutputs.ExtensionAssembly(major)));
        MetadataReader metadata = pe.GetMetadataReader();

        var wix = metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .Select(r => (Name: metadata.GetString(r.Name), r.Version))
            .Where(r => r.Name.StartsWith("WixToolset.", StringComparison.Ordinal))
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => r.Name + " " + r.Version)
            .ToArray();
        CollectionAssert.AreEqual(new[] { $"WixToolset.Data {major}.0.0.0", $"WixToolset.Extensibility {major}.0.0.0" }, wix);
    }

    [TestMethod]
    [DynamicData(nameof(Majors))]
    public void EmbeddedWixlib_WhenPacked_HoldsOnlyPathsRelativeToTheRepository(int major)
    {
        string json = WixIrOfEmbeddedWixlib(major);

        // Every path WiX wrote: a symbol's source file ("ln"/"file"), a file's source ("path", "prev" included).
        string[] paths = Regex.Matches(json, "\"(?:file|path)\":\"((?:[^\"\\\\]|\\\\.)*)\"").Select(m => Regex.Unescape(m.Groups[1].Value)).ToArray();
        Assert.IsTrue(paths.Length > 400, $"the wixlib's source lines are there ({paths.Length} paths)");
        CollectionAssert.AreEqual(
            Array.Empty<string>(),
            paths.Where(p => Path.IsPathRooted(p) || Regex.IsMatch(p, "^[A-Za-z]:")).Distinct().ToArray(),
            "absolute paths (the folder the package was built in) in the embedded wixlib");
        CollectionAssert.AreEquivalent(
            new[]
            {
                "customactions/WmiFixedPort/bin/Release/net462/WmiFixedPort.exe",
                "customactions/WmiFixedPort/bin/Release/net462/WmiFixedPort.exe.config",
                "packaging/WmiFixedPort.Wixlib/Platform/WmiFixedPort_Platform.wxi",
                "packaging/WmiFixedPort.Wixlib/Platform/WmiFixedPort_arm64.wxs",
                "packaging/WmiFixedPort.Wixlib/Platform/WmiFixedPort_x64.wxs",
                "packaging/WmiFixedPort.Wixlib/WmiFixedPort.wxs",
                "wix-ir/WmiFixedPort.exe",
                "wix-ir/WmiFixedPort.exe.config",
            },
            paths.Distinct().ToArray(),
            "the sources, relative to the repository root, and the embedded files");
    }

    private static string WixIrOfEmbeddedWixlib(int major)
    {
        using var pe = new PEReader(File.OpenRead(WixextOutputs.ExtensionAssembly(major)));
        MetadataReader metadata = pe.GetMetadataReader();
        ManifestResource resource = metadata.ManifestResources.Select(metadata.GetManifestResource)
            .Single(r => metadata.GetString(r.Name) == WixlibResource);

        // ECMA-335 II.24.2.4 / II.25.3.3: embedded resources are in the CLI header's Resources directory, each a 4-byte
        // length followed by the bytes, at the resource's Offset.
        BlobReader reader = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress).GetReader();
        reader.Offset = checked((int)resource.Offset);
        int length = reader.ReadInt32();
        using var zip = new ZipArchive(new MemoryStream(reader.ReadBytes(length)), ZipArchiveMode.Read);
        using var text = new StreamReader(zip.GetEntry("wix-ir.json")!.Open());
        return text.ReadToEnd();
    }
}
