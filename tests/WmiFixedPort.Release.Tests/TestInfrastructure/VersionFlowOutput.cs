using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace WmiFixedPort.Release.Tests.TestInfrastructure;

/// <summary>
/// What .ci/versionflow.sh built from a copy of the repository with -p:Version=<see cref="Version"/> (the installer's
/// linked output, the engine exe, the packed extension, the generated kit scripts). The folder comes from the environment;
/// the tests never build it themselves, so dotnet test needs no WiX SDK. Without the variable a test is reported as
/// skipped (Inconclusive) with the reason; with WMIFIXEDPORT_REQUIRE_VERSIONFLOW=1 (.ci/release.sh) it fails instead.
/// </summary>
internal static class VersionFlowOutput
{
    /// <summary>The one input .ci/versionflow.sh passes. Not the repository's default (1.0.0): it can only arrive through the flow.</summary>
    public const string Version = "2.3.4";

    public const string FolderVariable = "WMIFIXEDPORT_VERSIONFLOW_OUT";
    public const string RequireVariable = "WMIFIXEDPORT_REQUIRE_VERSIONFLOW";

    /// <summary>The output folder, or ends the calling test as skipped (failed when required).</summary>
    public static string Folder()
    {
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            SkipOrFail($"{FolderVariable} does not name the folder .ci/versionflow.sh writes{(string.IsNullOrEmpty(folder) ? string.Empty : $" ('{folder}' does not exist)")}. "
                + "Run bash .ci/versionflow.sh and set the variable (.ci/release.sh does both).");
        }

        return folder!;
    }

    /// <summary>A file of the output folder; a missing file fails the test (the script writes every one or stops).</summary>
    public static string File(string relativePath)
    {
        var path = Path.Combine(Folder(), relativePath);
        Assert.IsTrue(System.IO.File.Exists(path), $"{path} was not written by .ci/versionflow.sh");
        return path;
    }

    public static void SkipOrFail(string reason)
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail(reason);
        }

        Assert.Inconclusive("Skipped: " + reason);
    }
}
