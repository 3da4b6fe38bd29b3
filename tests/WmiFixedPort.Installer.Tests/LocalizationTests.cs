using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.Installer.Tests.TestInfrastructure;

namespace WmiFixedPort.Installer.Tests;

[TestClass]
public sealed partial class LocalizationTests
{
    [TestMethod]
    public void Strings_WhenReferencedOrDefined_MatchOneToOne()
    {
        var used = InstallerSources.SourceFiles
            .SelectMany(f => LocReference().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        XNamespace wxl = "http://wixtoolset.org/schemas/v4/wxl";
        var defined = XDocument.Load(Path.Combine(RepoRoot.Installer, "Strings.en-us.wxl"))
            .Descendants(wxl + "String").Select(s => s.Attribute("Id")!.Value).Order(StringComparer.Ordinal).ToList();

        Assert.IsNotEmpty(used);
        CollectionAssert.AreEqual(defined, used);
    }

    [GeneratedRegex(@"!\(loc\.([A-Za-z0-9_]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex LocReference();
}
