using System.Collections.Generic;
using System.Globalization;

namespace WmiFixedPort.Validation;

/// <summary>The RPC authentication level passed to <c>winmgmt /standalonehost</c>: 2..6.</summary>
internal static class AuthenticationLevel
{
    public const int Default = 5;

    private const string Allowed =
        "expected 2 (CONNECT), 3 (CALL), 4 (PKT), 5 (PKT_INTEGRITY, the default) or 6 (PKT_PRIVACY).";

    private static readonly Dictionary<string, int> Levels = new()
    {
        ["2"] = 2,
        ["3"] = 3,
        ["4"] = 4,
        ["5"] = 5,
        ["6"] = 6,
    };

    public static int Parse(string value) =>
        Levels.TryGetValue(value, out int level)
            ? level
            : throw InvalidArgumentException.ForValue(OptionName.AuthLevel, value, Allowed);

    public static string Describe(int level) =>
        level.ToString(CultureInfo.InvariantCulture) + level switch
        {
            2 => " (CONNECT)",
            3 => " (CALL)",
            4 => " (PKT)",
            5 => " (PKT_INTEGRITY)",
            6 => " (PKT_PRIVACY)",
            _ => string.Empty,
        };
}
