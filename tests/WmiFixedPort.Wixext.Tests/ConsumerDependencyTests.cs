using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Wixext.Tests.TestInfrastructure;

namespace WmiFixedPort.Wixext.Tests;

/// <summary>
/// What NuGet gives a consumer of each WiX major (.ci/wixext.sh, consumer()): a project written as another team would
/// (Sdk="WixToolset.Sdk/N", warnings as errors), restored from the packed packages. With only our PackageReference (the
/// package made for its major) it gets WixToolset.Util.wixext and WixToolset.Firewall.wixext of its own major and no NuGet
/// warning; with its own references to them as well ("ownRefs") the same, one of each; with our package made for another
/// major it stops before compiling with WMIFIXEDPORT001; WiX v7 without AcceptEula stops with WIX7015.
/// </summary>
[TestClass]
public sealed class ConsumerDependencyTests
{
    private static readonly Dictionary<int, string> WixVersion = new() { [5] = "5.0.2", [6] = "6.0.2", [7] = "7.0.0" };
    private static readonly Dictionary<int, string> OurSuffix = new() { [5] = "", [6] = ".6", [7] = ".7" };

    public static IEnumerable<object[]> Consumers => WixextOutputs.Majors.SelectMany(major => new[]
    {
        new object[] { major, "sample-x64" },
        new object[] { major, "ownRefs" },
    });

    [TestMethod]
    [DynamicData(nameof(Consumers))]
    public void Restore_WhenAConsumerReferencesOurPackage_ResolvesUtilAndFirewallOfItsOwnMajorOnce(int major, string caseName)
    {
        string folder = WixextOutputs.CaseFolder(major, caseName);
        using JsonDocument assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "project.assets.json")));

        string[] libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name)
            .Where(n => !n.StartsWith("WixToolset.Sdk/", System.StringComparison.Ordinal))
            .OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(
            new[]
            {
                $"WixToolset.Firewall.wixext/{WixVersion[major]}",
                $"WixToolset.Util.wixext/{WixVersion[major]}",
                $"WmiFixedPort.wixext/{OurVersion()}{OurSuffix[major]}",
            },
            libraries);
    }

    [TestMethod]
    [DynamicData(nameof(Consumers))]
    public void Build_WhenAConsumerReferencesOurPackage_LinksOneUtilAndOneFirewallWithoutAnyWarning(int major, string caseName)
    {
        string folder = WixextOutputs.CaseFolder(major, caseName);
        string[] log = File.ReadAllLines(Path.Combine(folder, "build.log"));

        CollectionAssert.AreEqual(System.Array.Empty<string>(), log.Where(l => l.Contains(": warning ", System.StringComparison.Ordinal) || l.Contains("NU1", System.StringComparison.Ordinal)).ToArray());
        Assert.AreEqual("0", File.ReadAllText(Path.Combine(folder, "exitcode")).Trim());

        LinkedIntermediate ir = LinkedIntermediate.Load(WixextOutputs.VariantLinkedOutput(major, caseName));
        CollectionAssert.AreEqual(new[] { "Wix4UtilCA_X64" }, ir.OfType("Binary").Where(b => b.Id!.Contains("UtilCA", System.StringComparison.Ordinal)).Select(b => b.Id).ToArray());
        Assert.AreEqual(1, ir.OfType("Binary").Count(b => b.Id!.Contains("FWCA", System.StringComparison.Ordinal)), "one firewall CA binary");
        Assert.AreEqual(2, ir.OfType("WixFirewallException").Count(), "our two rules, once each");
    }

    [TestMethod]
    [DataRow(6, 5)]
    [DataRow(5, 7)]
    public void Build_WhenOurPackageIsMadeForAnotherMajor_StopsBeforeCompilingAndNamesTheVersionToUse(int major, int packageMajor)
    {
        string folder = WixextOutputs.CaseFolder(major, "otherMajor");
        string[] errors = Errors(folder);
        string installed = OurVersion() + OurSuffix[packageMajor];
        string wanted = OurVersion() + OurSuffix[major];
        CollectionAssert.AreEqual(
            new[]
            {
                $"error WMIFIXEDPORT001: WmiFixedPort.wixext {installed} is made for another WiX major and brings no WixToolset.Util.wixext and WixToolset.Firewall.wixext of WiX v{major}, which its wixlib needs. Write <PackageReference Include=\"WmiFixedPort.wixext\" Version=\"{wanted}\" /> (for WiX v5 the version is X.Y.Z, for v6 X.Y.Z.6, for v7 X.Y.Z.7: do not float it or take the highest). See the package's README, 'WiX versions'.",
            },
            errors);
        Assert.IsFalse(File.Exists(Path.Combine(folder, "out", "MonitoringAgent.wixipl")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(folder, "MonitoringAgent.wixproj")), $"Version=\"{OurVersion()}{OurSuffix[packageMajor]}\"");
    }

    [TestMethod]
    public void Build_WhenAWix7ConsumerHasNotAcceptedTheEula_StopsWithWix7015()
    {
        string folder = WixextOutputs.CaseFolder(7, "noEula");
        CollectionAssert.Contains(Errors(folder), "error WIX7015: You must accept the Open Source Maintenance Fee (OSMF) EULA to use WiX Toolset v7. For instructions, see https://wixtoolset.org/osmf/");
        Assert.IsFalse(File.Exists(Path.Combine(folder, "out", "MonitoringAgent.wixipl")));
    }

    /// <summary>Our package's version: the one place, Directory.Build.props (CI packs with it).</summary>
    private static string OurVersion() =>
        System.Xml.Linq.XDocument.Load(RepoRoot.File("Directory.Build.props")).Descendants("Version").Single().Value;

    private static string[] Errors(string folder) => File.ReadAllLines(Path.Combine(folder, "build.log"))
        .Where(line => line.Contains(": error ", System.StringComparison.Ordinal))
        .Select(line => line.Substring(line.IndexOf("error ", System.StringComparison.Ordinal)))
        .Select(line => line.LastIndexOf(" [", System.StringComparison.Ordinal) is int i && i > 0 ? line.Substring(0, i) : line)
        .Distinct()
        .ToArray();
}
