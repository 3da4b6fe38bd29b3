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

    /// <summary>The linked output of the consumer sample for one platform ("x64" or "ARM64").</summary>
    public static string SampleLinkedOutput(string platform) =>
        RequireFile(Path.Combine("sample", platform, "MonitoringAgent.wixipl"));

    /// <summary>The linked output of a variant of the sample that must link (see variant() in .ci/wixext.sh).</summary>
    public static string VariantLinkedOutput(string name) =>
        RequireFile(Path.Combine("cases", name, "out", "MonitoringAgent.wixipl"));

    /// <summary>The folder of one variant of the sample: build.log, exitcode, out/.</summary>
    public static string CaseFolder(string name)
    {
        string log = RequireFile(Path.Combine("cases", name, "build.log"));
        return Path.GetDirectoryName(log)!;
    }

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
