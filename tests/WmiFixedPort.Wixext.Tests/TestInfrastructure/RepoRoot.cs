using System;
using System.IO;

namespace WmiFixedPort.Wixext.Tests.TestInfrastructure;

/// <summary>The repository root: the first directory above the test binaries that holds WmiFixedPort.Setup.sln.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine(Path, System.IO.Path.Combine(parts));

    private static string Find()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "WmiFixedPort.Setup.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No WmiFixedPort.Setup.sln above {AppContext.BaseDirectory}");
    }
}
