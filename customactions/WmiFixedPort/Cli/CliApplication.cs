using System;
using System.Collections.Generic;
using System.IO;
using WmiFixedPort.Commands;
using WmiFixedPort.Machine;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Cli;

/// <summary>
/// Parses and checks the whole command line first, and only then touches the machine, so that bad input
/// exits with 2 before anything changes.
/// </summary>
internal sealed class CliApplication
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidArguments = 2;
    public const int RefusedByPrecondition = MachineCommand.Refused;

    private readonly Func<IMachine> _machineFactory;
    private readonly TextWriter _output;

    public CliApplication(Func<IMachine> machineFactory, TextWriter output)
    {
        _machineFactory = machineFactory;
        _output = output;
    }

    /// <summary>Runs the command; an exception that escapes every command's own handling ends as one line and exit code 1.</summary>
    public int Run(IReadOnlyList<string> args)
    {
        try
        {
            return RunCommand(args);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _output.WriteLine($"ERROR: Unexpected error, stopped: {ex.GetType().Name}: {ex.Message}");
            return Failure;
        }
    }

    private int RunCommand(IReadOnlyList<string> args)
    {
        ParsedCommand command;
        int port = PortNumber.Default;
        int authLevel = AuthenticationLevel.Default;
        TimeSpan? deadline = null;
        string? owner = null;
        try
        {
            command = CommandLineParser.Parse(args);
            owner = OwnedRun.ParseOwner(command.Value(OptionName.Owner.Option));
            switch (command.Verb)
            {
                case "help":
                    _output.WriteLine(HelpText.Usage);
                    return Success;
                case "validate":
                    return new ValidateCommand(_output).Run(command);
                case "enable":
                    port = PortNumber.Parse(command.Value(OptionName.Port.Option) ?? "24158");
                    authLevel = AuthenticationLevel.Parse(command.Value(OptionName.AuthLevel.Option) ?? "5");
                    break;
            }

            if (command.Verb is "enable" or "restore")
            {
                deadline = DeadlineSeconds.Parse(command.Value(OptionName.Deadline.Option));
            }
        }
        catch (InvalidArgumentException ex)
        {
            _output.WriteLine("ERROR: " + ex.Message);
            _output.WriteLine("Nothing was changed. Run 'WmiFixedPort.exe help' for the syntax.");
            return InvalidArguments;
        }

        IMachine machine;
        try
        {
            machine = _machineFactory();
        }
        catch (PlatformNotSupportedException ex)
        {
            _output.WriteLine("ERROR: " + ex.Message);
            return Failure;
        }

        var report = new StepReporter(_output);
        bool whatIf = command.Has(OptionName.WhatIf.Option);
        var owned = new OwnedRun(machine, report, owner); // issue 15: --owner, skip-restore
        int refused = owned.Check();
        if (refused != 0)
        {
            return refused;
        }

        int exitCode = command.Verb switch
        {
            "enable" => new EnableCommand(machine, report, deadline).Run(port, authLevel, whatIf),
            "restore" => new RestoreCommand(machine, report, deadline).Run(whatIf),
            "skip-restore" => owned.SkipRestore(),
            _ => new StatusCommand(machine, _output).Run(command.Has(OptionName.Json.Option)),
        };
        if (exitCode == 0 && command.Verb == "enable" && !whatIf)
        {
            owned.Claim();
        }

        return exitCode;
    }
}
