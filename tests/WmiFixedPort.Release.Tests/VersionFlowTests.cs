using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Release.Tests.TestInfrastructure;

namespace WmiFixedPort.Release.Tests;

/// <summary>
/// Issue 19 point 4: the product version has one input (Directory.Build.props' Version, overridden with -p:Version) and
/// reaches every place a release carries it. .ci/versionflow.sh builds a copy of the repository with -p:Version=2.3.4;
/// each test reads the version back from one place. 2.3.4 is not the repository's default, so a place that takes its
/// version from anywhere else (a literal, another property, a stale build) fails here.
/// </summary>
[TestClass]
public sealed class VersionFlowTests
{
    private static readonly Version FourPart = new(VersionFlowOutput.Version + ".0");

    [TestMethod]
    public void LinkedInstaller_WhenBuiltWithVersion_CarriesItAsProductVersion()
    {
        using var zip = ZipFile.OpenRead(VersionFlowOutput.File("WmiFixedPort.wixipl"));
        using var stream = zip.GetEntry("wix-ir.json")!.Open();
        using var json = JsonDocument.Parse(stream);
        var symbols = json.RootElement.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("symbols").EnumerateArray()).ToList();

        // The Property row ProductVersion, and WixPackageSymbol's Version field (index 4: WixToolset.Data v5.0.2,
        // Symbols/WixPackageSymbol.cs: PackageId, UpgradeCode, Name, Language, Version, ...), from which WiX binds it.
        var property = symbols.Single(s => s.GetProperty("type").GetString() == "Property"
            && s.TryGetProperty("id", out var id) && id.GetProperty("id").GetString() == "ProductVersion");
        Assert.AreEqual(VersionFlowOutput.Version, property.GetProperty("fields")[0].GetProperty("data").GetString());
        var package = symbols.Single(s => s.GetProperty("type").GetString() == "WixPackage");
        Assert.AreEqual(VersionFlowOutput.Version, package.GetProperty("fields")[4].GetProperty("data").GetString());
    }

    [TestMethod]
    public void Engine_WhenBuiltWithVersion_CarriesItInItsVersionResource()
    {
        var resource = PeVersionResource.Read(VersionFlowOutput.File("WmiFixedPort.exe"));

        AssertVersionResource(resource, "WmiFixedPort.exe");
    }

    [TestMethod]
    public void ExtensionPackages_WhenPackedWithVersion_EachCarriesItInNuspecAndFileName()
    {
        // One package per WiX major (issue 18): X.Y.Z for WiX 5, X.Y.Z.6 and X.Y.Z.7 for WiX 6 and 7.
        var versions = new List<string>();
        foreach (var nupkg in Packages())
        {
            using var zip = ZipFile.OpenRead(nupkg);
            using var stream = zip.GetEntry("WmiFixedPort.wixext.nuspec")!.Open();
            var nuspec = XDocument.Load(stream);
            var version = nuspec.Descendants().Single(e => e.Name.LocalName == "version" && e.Parent?.Name.LocalName == "metadata").Value;
            Assert.AreEqual($"WmiFixedPort.wixext.{version}.nupkg", Path.GetFileName(nupkg), "file name follows the nuspec version");
            versions.Add(version);
        }

        var v = VersionFlowOutput.Version;
        CollectionAssert.AreEquivalent(new[] { v, v + ".6", v + ".7" }, versions, "the packages' versions: " + string.Join(", ", versions));
    }

    [TestMethod]
    public void ExtensionPackages_WhenPackedWithVersion_EachExtensionDllAndItsEmbeddedEngineCarryIt()
    {
        foreach (var nupkg in Packages())
        {
            AssertExtensionDlls(nupkg);
        }
    }

    private static void AssertExtensionDlls(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        // One folder per WiX major the package serves (wixext5/, wixext6/, wixext7/), each checked the same way.
        var dlls = zip.Entries.Where(e => e.FullName.StartsWith("wixext", StringComparison.Ordinal) && e.Name == "WmiFixedPort.wixext.dll").ToList();
        Assert.AreEqual(3, dlls.Count, $"{nupkg} holds wixext5/6/7/WmiFixedPort.wixext.dll: " + string.Join(", ", dlls.Select(d => d.FullName)));
        foreach (var dll in dlls)
        {
            var image = ReadAll(dll);
            AssertVersionResource(PeVersionResource.Read(image, dll.FullName), dll.FullName);

            // The wixlib the extension hands to the linker embeds the engine that every consumer's MSI installs.
            var wixlib = ManagedResources.Read(image, "WmiFixedPort.Wixext.wmifixedport.wixlib", dll.FullName);
            using var library = new ZipArchive(new MemoryStream(wixlib), ZipArchiveMode.Read);
            var engine = library.GetEntry("wix-ir/WmiFixedPort.exe");
            Assert.IsNotNull(engine, $"the wixlib in {dll.FullName} embeds no wix-ir/WmiFixedPort.exe");
            AssertVersionResource(PeVersionResource.Read(ReadAll(engine), $"{dll.FullName}!wmifixedport.wixlib!WmiFixedPort.exe"), "the engine embedded in " + dll.FullName);
        }
    }

    /// <summary>
    /// The deployment kit's scripts, from packaging/kit-source/Build-KitScripts.ps1 -Version 2.3.4 (.ci/versionflow.sh).
    /// </summary>
    [TestMethod]
    public void KitScripts_WhenGeneratedWithVersion_CarryItAsMinimumVersion()
    {
        var kit = Path.Combine(VersionFlowOutput.Folder(), "kit");
        Assert.IsTrue(Directory.Exists(kit), $"{kit} was not generated (.ci/versionflow.sh)");
        var scripts = Directory.GetFiles(kit, "*.ps1", SearchOption.AllDirectories);
        Assert.IsTrue(scripts.Length > 0, $"no script was generated under {kit}");
        foreach (var script in scripts)
        {
            // Every generated script names the version it was made for in its header.
            StringAssert.Contains(File.ReadAllText(script), "# Minimum product version: " + VersionFlowOutput.Version + " ", $"{script}: header");
        }

        // The scripts that judge an installed product take the minimum version as a parameter default.
        foreach (var judge in new[] { "intune/Detect-WmiFixedPort.ps1", "intune/Detect-WmiFixedPortDrift.ps1", "intune/Remediate-WmiFixedPort.ps1", "configmgr/Detect-WmiFixedPort.ps1" })
        {
            var script = Path.Combine(kit, judge);
            Assert.IsTrue(File.Exists(script), $"{judge} was not generated");
            var defaults = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(script), @"\$MinimumVersion\s*=\s*'([^']*)'").Select(m => m.Groups[1].Value).ToList();
            Assert.IsTrue(defaults.Count > 0, $"{judge} declares no $MinimumVersion = '...' default");
            CollectionAssert.AreEqual(Enumerable.Repeat(VersionFlowOutput.Version, defaults.Count).ToList(), defaults, $"{judge}: every $MinimumVersion default");
        }
    }

    private static void AssertVersionResource(PeVersionResource resource, string what)
    {
        Assert.AreEqual(FourPart, resource.FileVersion, $"{what}: fixed file version");
        Assert.AreEqual(FourPart, resource.ProductVersion, $"{what}: fixed product version");
        Assert.AreEqual(FourPart.ToString(), resource.Strings["FileVersion"], $"{what}: FileVersion string");
        // The SDK appends +<commit> to the informational version when it knows the commit (SourceRevisionId).
        var product = resource.Strings["ProductVersion"];
        Assert.IsTrue(product == VersionFlowOutput.Version || product.StartsWith(VersionFlowOutput.Version + "+", StringComparison.Ordinal), $"{what}: ProductVersion string is '{product}'");
    }

    private static string[] Packages()
    {
        var packages = Directory.GetFiles(Path.Combine(VersionFlowOutput.Folder(), "feed"), "*.nupkg");
        Array.Sort(packages, StringComparer.Ordinal);
        Assert.AreEqual(3, packages.Length, "feed/ holds the WiX 5, 6 and 7 packages: " + string.Join(", ", packages));
        return packages;
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
