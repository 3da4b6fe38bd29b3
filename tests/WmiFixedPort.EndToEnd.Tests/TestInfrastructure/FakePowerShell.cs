using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.TestInfrastructure;

/// <summary>Stands in for powershell.exe: records every script with the environment it was given, and answers with
/// the output the test set for the first rule whose marker the script contains. A rule may instead fail the run,
/// the way <c>PowerShell.Run</c> does on a non-zero exit (InvalidOperationException with the error output).</summary>
internal sealed class FakePowerShell : IPowerShellRunner
{
    private readonly List<(string Marker, Func<string> Answer)> _rules = new();

    public List<(string Script, IReadOnlyDictionary<string, string> Environment)> Runs { get; } = new();

    public FakePowerShell Answer(string marker, string output)
    {
        _rules.Add((marker, () => output));
        return this;
    }

    public FakePowerShell Fail(string marker, string error)
    {
        _rules.Add((marker, () => throw new InvalidOperationException("powershell.exe exited with 1." + Environment.NewLine + error)));
        return this;
    }

    public string Run(string script, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        Runs.Add((script, environment ?? new Dictionary<string, string>()));
        return _rules.FirstOrDefault(r => script.Contains(r.Marker, StringComparison.Ordinal)).Answer?.Invoke() ?? string.Empty;
    }
}
