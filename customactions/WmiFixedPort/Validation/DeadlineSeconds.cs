using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace WmiFixedPort.Validation;

/// <summary>
/// <c>--deadline</c>: the overall time limit of <c>enable</c> and <c>restore</c> in seconds, digits only, 60..86400
/// (default 600). See <see cref="Restart.OperationDeadline"/>.
/// </summary>
internal static class DeadlineSeconds
{
    public const int Minimum = 60;
    public const int Maximum = 86400;

    private const string Allowed = "expected a whole number of seconds from 60 to 86400 (digits only), for example 600.";
    private static readonly Regex Digits = new("^[1-9][0-9]{0,4}$", RegexOptions.CultureInvariant);

    /// <summary>The deadline given, or null (the default) when the option is absent.</summary>
    public static TimeSpan? Parse(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!Digits.IsMatch(value))
        {
            throw InvalidArgumentException.ForValue(OptionName.Deadline, value, Allowed);
        }

        int seconds = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        return seconds is < Minimum or > Maximum
            ? throw InvalidArgumentException.ForValue(OptionName.Deadline, value, Allowed)
            : TimeSpan.FromSeconds(seconds);
    }
}
