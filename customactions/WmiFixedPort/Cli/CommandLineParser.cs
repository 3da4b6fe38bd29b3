using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Cli;

/// <summary>
/// Splits <c>verb [--option value | --option=value | --flag]...</c> and checks that every option belongs to the
/// verb. Values are checked later, by the validators.
/// </summary>
internal static class CommandLineParser
{
    private static readonly Dictionary<string, VerbSyntax> Verbs = new(StringComparer.Ordinal)
    {
        ["enable"] = new(new[] { OptionName.Port, OptionName.AuthLevel, OptionName.Deadline, OptionName.Owner }, new[] { OptionName.WhatIf }),
        ["restore"] = new(new[] { OptionName.Deadline, OptionName.Owner }, new[] { OptionName.WhatIf }),
        ["status"] = new(Array.Empty<OptionName>(), new[] { OptionName.Json }),
        ["validate"] = new(new[] { OptionName.Port, OptionName.AuthLevel, OptionName.RemoteAddresses, OptionName.FirewallProfile }, Array.Empty<OptionName>()),
        ["help"] = new(Array.Empty<OptionName>(), Array.Empty<OptionName>()),
        ["skip-restore"] = new(Array.Empty<OptionName>(), Array.Empty<OptionName>()), // issue 15 point 4
    };

    public static ParsedCommand Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new InvalidArgumentException("No verb given; expected one of: " + string.Join(", ", Verbs.Keys) + ".");
        }

        string verb = args[0] is "--help" or "-h" or "/?" ? "help" : args[0];
        if (!Verbs.TryGetValue(verb, out VerbSyntax? syntax))
        {
            throw new InvalidArgumentException(
                $"Unknown verb '{InvalidArgumentException.Printable(verb)}'; expected one of: {string.Join(", ", Verbs.Keys)}.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Count; i++)
        {
            string arg = args[i];
            int equals = arg.IndexOf('=');
            string name = arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? arg.Substring(0, equals) : arg;
            OptionName? valued = syntax.Valued.FirstOrDefault(option => option.Option == name);
            OptionName? flag = syntax.Flags.FirstOrDefault(option => option.Option == name);
            if (valued is null && flag is null)
            {
                throw new InvalidArgumentException(
                    $"Unknown option '{InvalidArgumentException.Printable(arg)}' for '{verb}'; {syntax.Describe()}.");
            }

            if (values.ContainsKey(name) || flags.Contains(name))
            {
                throw new InvalidArgumentException($"Option {name} is given twice.");
            }

            if (flag is not null)
            {
                if (name != arg)
                {
                    throw new InvalidArgumentException($"Option {name} takes no value.");
                }

                flags.Add(name);
                continue;
            }

            string? value = name != arg ? arg.Substring(equals + 1) : (i + 1 < args.Count ? args[++i] : null);
            if (value is null || (name == arg && IsOptionName(value)))
            {
                throw new InvalidArgumentException($"Option {valued} needs a value.");
            }

            values[name] = value;
        }

        return new ParsedCommand(verb, values, flags);
    }

    private static bool IsOptionName(string value) =>
        Verbs.Values.SelectMany(syntax => syntax.Valued.Concat(syntax.Flags)).Any(option => option.Option == value);

    private sealed class VerbSyntax
    {
        public VerbSyntax(IReadOnlyList<OptionName> valued, IReadOnlyList<OptionName> flags)
        {
            Valued = valued;
            Flags = flags;
        }

        public IReadOnlyList<OptionName> Valued { get; }

        public IReadOnlyList<OptionName> Flags { get; }

        public string Describe()
        {
            var names = Valued.Select(option => option.Option + " <value>").Concat(Flags.Select(option => option.Option)).ToList();
            return names.Count == 0 ? "it takes no options" : "allowed: " + string.Join(", ", names);
        }
    }
}
