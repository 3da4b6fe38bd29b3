using System;

namespace WmiFixedPort.Windows.Layout;

/// <summary>FILETIME as GetProcessTimes returns it: 100-nanosecond intervals since 1601-01-01 UTC, kept in UTC.</summary>
internal static class FileTime
{
    public static DateTime ToUtc(long fileTime) => DateTime.FromFileTimeUtc(fileTime);
}
