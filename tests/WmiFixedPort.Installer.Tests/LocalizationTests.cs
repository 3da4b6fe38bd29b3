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
    /// <summary>The package's own strings and the extension's culture-neutral ones (its wixlib's .wxl).</summary>
    private static string[] StringFiles =>
        [Path.Combine(RepoRoot.Installer, "Strings.en-us.wxl"), Path.Combine(RepoRoot.Wixlib, "WmiFixedPort.wxl")];

    [TestMethod]
    public void Strings_WhenReferencedOrDefined_MatchOneToOne()
    {
        var used = InstallerSources.SourceFiles
            .SelectMany(f => LocReference().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        XNamespace wxl = "http://wixtoolset.org/schemas/v4/wxl";
        var defined = StringFiles.SelectMany(f => XDocument.Load(f).Descendants(wxl + "String"))
            .Select(s => s.Attribute("Id")!.Value).Order(StringComparer.Ordinal).ToList();

        Assert.IsNotEmpty(used);
        CollectionAssert.AreEqual(defined, used);
    }

    /// <summary>
    /// A message formats [PROPERTY] at run time; a property renamed in the .wxs but not in the .wxl formats as blank
    /// (seen in a bound database: "This computer reports build ."). Every one must exist in the linked package.
    /// </summary>
    [TestMethod]
    public void Strings_WhenTheyFormatAProperty_NameOneThePackageDefines()
    {
        var package = InstallerSources.Shipping;
        var known = package.Properties.Select(p => p.Id)
            .Concat(package.SetProperties.Select(s => s.Property))
            .Append("ProductName") // set by Windows Installer from the Property table (WiX writes it from Package/@Name)
            .ToHashSet(StringComparer.Ordinal);
        XNamespace wxl = "http://wixtoolset.org/schemas/v4/wxl";
        var formatted = StringFiles.SelectMany(f => XDocument.Load(f).Descendants(wxl + "String"))
            .SelectMany(s => PropertyReference().Matches(s.Attribute("Value")!.Value).Select(m => (Id: s.Attribute("Id")!.Value, Property: m.Groups[1].Value)))
            .ToList();

        Assert.IsTrue(formatted.Any(f => f.Property == "WMIFIXEDPORT_WINDOWS_BUILD"), "WindowsTooOld shows the build it found");
        CollectionAssert.AreEqual(Array.Empty<string>(), formatted.Where(f => !known.Contains(f.Property)).Select(f => $"{f.Id}: [{f.Property}]").ToList());
    }

    [GeneratedRegex(@"\[([A-Za-z_][A-Za-z0-9_]*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyReference();

    [GeneratedRegex(@"!\(loc\.([A-Za-z0-9_]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex LocReference();
}
