using System;
using System.Linq;

namespace WmiFixedPort.Validation;

/// <summary>Bad input: the command exits with code 2 before it changes anything.</summary>
internal sealed class InvalidArgumentException : Exception
{
    public InvalidArgumentException(string message)
        : base(message)
    {
    }

    public InvalidArgumentException()
    {
    }

    public InvalidArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>"Invalid --port (MSI property WMIPORT) value 'abc': expected ...".</summary>
    public static InvalidArgumentException ForValue(OptionName option, string value, string allowed) =>
        new($"Invalid {option} value '{Printable(value)}': {allowed}");

    /// <summary>The value as it can be shown in a log line: control characters become '?'.</summary>
    public static string Printable(string value) =>
        new(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
