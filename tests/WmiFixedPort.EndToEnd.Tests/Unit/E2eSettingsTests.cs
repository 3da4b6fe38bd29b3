using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Unit;

[TestClass]
public sealed class E2eSettingsTests
{
    private static readonly string Root = Path.GetFullPath("e2e-inputs");

    [TestMethod]
    public void FromEnvironment_WhenNothingIsSet_FailsNamingEveryRequiredVariable()
    {
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => E2eSettings.FromEnvironment(_ => null, _ => true, "logs"));

        string[] lines = error.Message.Split(Environment.NewLine);
        CollectionAssert.AreEqual(
            new[]
            {
                "WMIFIXEDPORT_E2E=1 asks for the end-to-end scenarios, but their inputs are missing:",
                "- WMIFIXEDPORT_MSI is not set (the path of the shipping MSI).",
                "- WMIFIXEDPORT_MSI_UPGRADE is not set (the path of the MSI built with -p:Version=1.0.1).",
                "- WMIFIXEDPORT_MSI_FAIL_AFTER_ENABLE is not set (the path of the MSI built with -p:Version=1.0.1 -p:FailAfterEnableForTesting=true).",
                "- WMIFIXEDPORT_MSI_REBUILD is not set (the path of the shipping MSI built a second time (same version, new ProductCode)).",
                "- WMIFIXEDPORT_EXE is not set (the path of WmiFixedPort.exe of the shipping build).",
            },
            lines);
    }

    [TestMethod]
    public void FromEnvironment_WhenAFileDoesNotExist_FailsNamingIt()
    {
        Dictionary<string, string> env = AllSet();
        string missing = env[E2eSettings.UpgradeMsiVariable];

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => E2eSettings.FromEnvironment(Read(env), path => path != missing, "logs"));

        StringAssert.Contains(error.Message, $"- WMIFIXEDPORT_MSI_UPGRADE={missing}: no such file (the MSI built with -p:Version=1.0.1).");
        Assert.DoesNotContain("WMIFIXEDPORT_MSI=", error.Message);
    }

    [TestMethod]
    public void FromEnvironment_WhenAllSet_ReturnsFullPathsAndDefaultsTheLogDirectory()
    {
        E2eSettings settings = E2eSettings.FromEnvironment(Read(AllSet()), _ => true, "default-logs");

        Assert.AreEqual(Path.Combine(Root, "shipping.msi"), settings.ShippingMsi);
        Assert.AreEqual(Path.Combine(Root, "upgrade.msi"), settings.UpgradeMsi);
        Assert.AreEqual(Path.Combine(Root, "failing.msi"), settings.FailAfterEnableMsi);
        Assert.AreEqual(Path.Combine(Root, "WmiFixedPort.exe"), settings.Exe);
        Assert.AreEqual(Path.Combine(Root, "rebuild.msi"), settings.RebuildMsi);
        Assert.AreEqual("default-logs", settings.LogDirectory);
        Assert.IsNull(settings.SummaryPath);
        Assert.IsNull(settings.SampleMsi);
        Assert.IsNull(settings.DetectScript);
        Assert.IsNull(settings.RemoteImage);
        Assert.IsNull(settings.RemoteUnavailableReason);
    }

    [TestMethod]
    public void FromEnvironment_WhenOptionalInputsAreSet_ReadsThemAndKeepsTheImageNameAsItIs()
    {
        Dictionary<string, string> env = AllSet();
        env[E2eSettings.SampleMsiVariable] = Path.Combine(Root, "sample.msi");
        env[E2eSettings.DetectScriptVariable] = Path.Combine(Root, "Detect-WmiFixedPort.ps1");
        env[E2eSettings.RemoteImageVariable] = " mcr.microsoft.com/windows/servercore:ltsc2022 ";
        env[E2eSettings.RemoteUnavailableVariable] = "   ";

        E2eSettings settings = E2eSettings.FromEnvironment(Read(env), _ => true, "logs");

        Assert.AreEqual(Path.Combine(Root, "sample.msi"), settings.SampleMsi);
        Assert.AreEqual(Path.Combine(Root, "Detect-WmiFixedPort.ps1"), settings.DetectScript);
        Assert.AreEqual("mcr.microsoft.com/windows/servercore:ltsc2022", settings.RemoteImage);
        Assert.IsNull(settings.RemoteUnavailableReason);
    }

    [TestMethod]
    [DataRow("1", true)]
    [DataRow(" 1 ", true)]
    [DataRow("0", false)]
    [DataRow("true", false)]
    [DataRow("", false)]
    [DataRow(null, false)]
    public void IsEnabled_WhenVariableHasValue_IsTrueOnlyForOne(string? value, bool expected)
    {
        Assert.AreEqual(expected, E2eGate.IsEnabled(value));
    }

    private static Dictionary<string, string> AllSet() => new()
    {
        [E2eSettings.ShippingMsiVariable] = Path.Combine(Root, "shipping.msi"),
        [E2eSettings.UpgradeMsiVariable] = Path.Combine(Root, "upgrade.msi"),
        [E2eSettings.FailAfterEnableMsiVariable] = Path.Combine(Root, "failing.msi"),
        [E2eSettings.RebuildMsiVariable] = Path.Combine(Root, "rebuild.msi"),
        [E2eSettings.ExeVariable] = Path.Combine(Root, "WmiFixedPort.exe"),
    };

    private static Func<string, string?> Read(Dictionary<string, string> env) => name => env.TryGetValue(name, out string? value) ? value : null;
}
