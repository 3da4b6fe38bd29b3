using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Wixext.Tests.TestInfrastructure;

namespace WmiFixedPort.Wixext.Tests;

/// <summary>
/// Where &lt;wmi:FixedPort /&gt; may stand: the compiler's list (FixedPortConstants.Parents, compiled in from the
/// extension's source), the XSD's xse:parent annotations (what editors and schema checks offer) and the READMEs must say
/// the same. Runs everywhere: it reads the repository's files. That the compiler really accepts each one and refuses the
/// rest is shown by the SDK builds (PackageModeTests, LinkedSampleTests, CompileErrorTests "inComponent").
/// </summary>
[TestClass]
public sealed class PlacementTests
{
    private static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";
    private static readonly XNamespace Xse = "http://wixtoolset.org/schemas/XmlSchemaExtension";
    private const string WixNamespace = "http://wixtoolset.org/schemas/v4/wxs";

    [TestMethod]
    public void Xsd_WhenItListsTheElementsParents_ListsExactlyTheParentsTheCompilerAccepts()
    {
        XDocument xsd = XDocument.Load(RepoRoot.File("packaging", "WmiFixedPort.Wixext", "wmifixedport.xsd"));
        XElement element = xsd.Root!.Elements(Xs + "element").Single(e => (string?)e.Attribute("name") == FixedPortConstants.ElementName);

        var parents = element.Descendants(Xse + "parent").Select(p => ((string?)p.Attribute("namespace"), (string?)p.Attribute("ref"))).ToArray();

        CollectionAssert.AreEqual(FixedPortConstants.Parents.Select(p => ((string?)WixNamespace, (string?)p)).ToArray(), parents);
    }

    [TestMethod]
    public void Compiler_WhenItSortsParents_PlacesInTheFeatureOnlyForFeaturesAndKnowsNoOtherParent()
    {
        CollectionAssert.AreEquivalent(FixedPortConstants.Parents, FixedPortConstants.FeatureParents.Concat(FixedPortConstants.PlainParents).ToArray());
        CollectionAssert.AreEqual(new[] { "Feature", "FeatureRef" }, FixedPortConstants.FeatureParents);
    }

    [TestMethod]
    [DataRow("README.md")]
    [DataRow("packaging/README.md")]
    [DataRow("packaging/WmiFixedPort.Wixext/README.md")]
    public void Readme_WhenItSaysWhereTheElementMayStand_NamesExactlyTheCompilersParents(string readme)
    {
        string text = File.ReadAllText(RepoRoot.File(readme.Split('/')));

        // The one sentence each README carries: "... may stand in `Package`, `Fragment`, `Feature` or `FeatureRef` ..."
        Match sentence = Regex.Match(text, @"may stand in ((?:`[A-Za-z]+`(?:, | or ))*`[A-Za-z]+`)");
        Assert.IsTrue(sentence.Success, $"{readme} says where the element may stand (\"may stand in `X`, ... or `Y`\")");
        string[] named = Regex.Matches(sentence.Groups[1].Value, "`([A-Za-z]+)`").Select(m => m.Groups[1].Value).ToArray();
        CollectionAssert.AreEqual(FixedPortConstants.Parents, named, readme);
    }
}
