using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WmiFixedPort.Cli;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>Runs the CLI against a fake machine and keeps the exit code and the output lines.</summary>
internal sealed class CliRun
{
    private CliRun(int exitCode, IReadOnlyList<string> lines, bool machineUsed)
    {
        ExitCode = exitCode;
        Lines = lines;
        MachineUsed = machineUsed;
    }

    public int ExitCode { get; }

    public IReadOnlyList<string> Lines { get; }

    /// <summary>True when the command asked for the machine at all.</summary>
    public bool MachineUsed { get; }

    public string Output => string.Join(Environment.NewLine, Lines);

    public static CliRun Of(FakeMachine machine, params string[] args)
    {
        using var output = new StringWriter();
        bool used = false;
        int exitCode = new CliApplication(() => { used = true; return machine; }, output).Run(args);
        string[] lines = output.ToString().Split(new[] { Environment.NewLine }, StringSplitOptions.RemoveEmptyEntries);
        return new CliRun(exitCode, lines.ToList(), used);
    }
}
