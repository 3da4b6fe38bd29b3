using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

internal enum MsiOperation
{
    Install,
    Repair,
    Uninstall,
}

/// <summary>The msiexec argument list: always quiet, no restart, verbose log. Properties are PROPERTY=value with
/// values free of spaces and quotes: the list is handed to ProcessStartInfo.ArgumentList, which would quote a
/// value with a space as "NAME=a b", a form msiexec does not read as NAME="a b".</summary>
internal static partial class MsiExecArguments
{
    public static IReadOnlyList<string> Build(MsiOperation operation, string package, string logPath, IEnumerable<KeyValuePair<string, string>>? properties = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(package);
        ArgumentException.ThrowIfNullOrWhiteSpace(logPath);
        var arguments = new List<string>
        {
            operation switch
            {
                MsiOperation.Install => "/i",
                MsiOperation.Repair => "/fa",
                MsiOperation.Uninstall => "/x",
                _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown MSI operation."),
            },
            package,
            "/qn",
            "/norestart",
            "/l*v",
            logPath,
        };
        foreach (KeyValuePair<string, string> property in properties ?? Enumerable.Empty<KeyValuePair<string, string>>())
        {
            if (!PublicPropertyName().IsMatch(property.Key))
            {
                throw new ArgumentException($"'{property.Key}' is not a public MSI property name.", nameof(properties));
            }

            if (!PlainValue().IsMatch(property.Value))
            {
                throw new ArgumentException($"The value of {property.Key} must be non-empty, without spaces or quotes: '{property.Value}'.", nameof(properties));
            }

            arguments.Add(property.Key + "=" + property.Value);
        }

        return arguments;
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PublicPropertyName();

    [GeneratedRegex("^[^\\s\"']+$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainValue();
}
