using System.Collections.Generic;

namespace WmiFixedPort.Cli;

/// <summary>A verb and its options as given, before their values are checked.</summary>
internal sealed class ParsedCommand
{
    private readonly HashSet<string> _flags;

    public ParsedCommand(string verb, IReadOnlyDictionary<string, string> values, IEnumerable<string> flags)
    {
        Verb = verb;
        Values = values;
        _flags = new HashSet<string>(flags, System.StringComparer.Ordinal);
    }

    public string Verb { get; }

    /// <summary>Options that take a value, by option name (e.g. "--port").</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    public string? Value(string option) => Values.TryGetValue(option, out string? value) ? value : null;

    /// <summary>True when the option without a value (e.g. "--what-if") was given.</summary>
    public bool Has(string flag) => _flags.Contains(flag);
}
