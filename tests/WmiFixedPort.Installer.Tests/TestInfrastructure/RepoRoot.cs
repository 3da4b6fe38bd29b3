using System;
using System.IO;

namespace WmiFixedPort.Installer.Tests.TestInfrastructure;

/// <summary>The repository root: the first directory above the test binaries that holds WmiFixedPort.Setup.sln.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Installer => System.IO.Path.Combine(Path, "installer");

    /// <summary>The extension's library, whose fragments our MSI links (packaging/WmiFixedPort.Wixlib).</summary>
    public static string Wixlib => System.IO.Path.Combine(Path, "packaging", "WmiFixedPort.Wixlib");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "WmiFixedPort.Setup.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No WmiFixedPort.Setup.sln above {AppContext.BaseDirectory}");
    }
}
