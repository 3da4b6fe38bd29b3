using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace WmiFixedPort.Wixext.Tests.TestInfrastructure;

/// <summary>
/// Where .ci/wixext.sh left its outputs (WMIFIXEDPORT_WIXEXT_OUT = artifacts/ci/wixext). Without it the test is reported as
/// skipped (Inconclusive) with the reason; with WMIFIXEDPORT_REQUIRE_WIX=1 (set by .ci/wixext.sh) a missing input fails.
/// </summary>
internal static class WixextOutputs
{
    public const string OutVariable = "WMIFIXEDPORT_WIXEXT_OUT";
    public const string RequireVariable = "WMIFIXEDPORT_REQUIRE_WIX";

    /// <summary>The WiX majors the package supports; every test on the SDK's outputs runs for each.</summary>
    public static readonly int[] Majors = { 5, 6, 7 };

    /// <summary>The linked output of the consumer sample built by WiX <paramref name="major"/> for one platform ("x64" or
    /// "ARM64"): a consumer project of that major with the sample's Package.wxs (consumer() in .ci/wixext.sh).</summary>
    public static string SampleLinkedOutput(int major, string platform) =>
        RequireFile(Path.Combine("wix" + major, "sample", platform, "MonitoringAgent.wixipl"));

    /// <summary>The linked output of a variant that must link (see variant() in .ci/wixext.sh).</summary>
    public static string VariantLinkedOutput(int major, string name) =>
        RequireFile(Path.Combine("wix" + major, "cases", name, "out", "MonitoringAgent.wixipl"));

    /// <summary>The folder of one variant: build.log, exitcode, the consumer's project and Package.wxs, out/.</summary>
    public static string CaseFolder(int major, string name)
    {
        string log = RequireFile(Path.Combine("wix" + major, "cases", name, "build.log"));
        return Path.GetDirectoryName(log)!;
    }

    /// <summary>wixext<paramref name="major"/>/WmiFixedPort.wixext.dll as packed (taken out of the package by .ci/wixext.sh).</summary>
    public static string ExtensionAssembly(int major) =>
        RequireFile(Path.Combine("wixext" + major, "WmiFixedPort.wixext.dll"));

    private static string RequireFile(string relative)
    {
        string? root = Environment.GetEnvironmentVariable(OutVariable);
        if (string.IsNullOrEmpty(root))
        {
            Missing($"{OutVariable} is not set: these tests read what .ci/wixext.sh builds with the WiX SDK (Linux CI).");
        }

        string path = Path.Combine(root!, relative);
        if (!File.Exists(path))
        {
            Missing($"{path} does not exist: run .ci/wixext.sh first.");
        }

        return path;
    }

    private static void Missing(string reason)
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail($"{reason} ({RequireVariable}=1: a missing input is a failure.)");
        }

        Assert.Inconclusive("Skipped: " + reason);
    }
}
