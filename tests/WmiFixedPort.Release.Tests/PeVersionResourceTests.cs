using System;
using System.IO;
using System.Reflection;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Release.Tests.TestInfrastructure;

namespace WmiFixedPort.Release.Tests;

/// <summary>
/// The version resource reader the version-flow tests depend on, on this test assembly's own resource: the compiler
/// writes it from the project's FileVersion (4.3.2.1) and InformationalVersion (7.8.9-reader-test), distinct values so
/// that a reader swapping fields, parts or halves fails here.
/// </summary>
[TestClass]
public sealed class PeVersionResourceTests
{
    private static string ThisAssembly => typeof(PeVersionResourceTests).Assembly.Location;

    [TestMethod]
    public void Read_WhenAssemblyHasFileVersion_ReturnsItsFourPartsInOrder()
    {
        var resource = PeVersionResource.Read(ThisAssembly);

        Assert.AreEqual(new Version(4, 3, 2, 1), resource.FileVersion);
        Assert.AreEqual("4.3.2.1", resource.Strings["FileVersion"]);
    }

    [TestMethod]
    public void Read_WhenAssemblyHasInformationalVersion_ReturnsItAsProductVersion()
    {
        var resource = PeVersionResource.Read(ThisAssembly);

        Assert.AreEqual("7.8.9-reader-test", resource.Strings["ProductVersion"]);
        Assert.AreEqual(
            typeof(PeVersionResourceTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion,
            resource.Strings["ProductVersion"]);
    }

    [TestMethod]
    public void Read_WhenFileIsNotAPeImage_ThrowsNamingIt()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => PeVersionResource.Read(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0 }, "not-a-pe.bin"));

        StringAssert.StartsWith(error.Message, "not-a-pe.bin is not a PE image");
    }

    [TestMethod]
    public void Read_WhenImageIsCutInsideItsResources_ThrowsInsteadOfReadingPastTheEnd()
    {
        var image = File.ReadAllBytes(ThisAssembly);
        Array.Resize(ref image, image.Length - 1024);

        Assert.ThrowsExactly<InvalidDataException>(() => PeVersionResource.Read(image, "cut.dll"));
    }
}
