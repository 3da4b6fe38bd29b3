using System;

namespace WmiFixedPort.Validation;

/// <summary><c>--owner</c>: the product's UpgradeCode, a GUID in braces as Windows Installer formats [UpgradeCode], or empty (no check).</summary>
internal static class OwnerOption
{
    public static string? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return Guid.TryParseExact(value, "B", out _)
            ? value
            : throw InvalidArgumentException.ForValue(OptionName.Owner, value!, "expected the product's UpgradeCode, a GUID in braces such as {E9D2D046-CD70-4BD6-9E50-3B01388ADADA}, or empty.");
    }
}
