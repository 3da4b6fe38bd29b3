using System;

namespace WmiFixedPort.Benchmarks;

/// <summary>
/// What a scenario is expected to cost and where it must end: a real change (one restart, the new configuration, every
/// dependent that ran runs again), a no-op (no restart, nothing changed), a change staged for the next restart of the
/// computer (nothing stopped, the new configuration written, the staged mark), a fault undone (exactly the prior
/// state: registry, the SCM's configuration and the running services), or a fault whose undo could not bring every
/// service back (the configuration as before, the record kept, naming in <c>ServicesToStart</c> exactly the services
/// that do not run again).
/// </summary>
internal enum ScenarioKind
{
    Change,
    NoOp,
    Staged,
    Fault,
    Kept,
}

/// <summary>
/// One scenario: how to prepare the machine (the commands before the measured one run here), the measured command line,
/// the exit code it must end with, the most simulated seconds WMI may be unavailable, and the dependents expected not to
/// run again (each must then be listed by <c>status</c> as dependentsDown).
/// </summary>
internal sealed class Scenario
{
    public Scenario(string name, ScenarioKind kind, int exitCode, double downtimeGoalSeconds, Func<Tests.TestInfrastructure.FakeMachine> prepare, params string[] command)
    {
        Name = name;
        Kind = kind;
        ExitCode = exitCode;
        DowntimeGoal = TimeSpan.FromSeconds(downtimeGoalSeconds);
        Prepare = prepare;
        Command = command;
    }

    public string Name { get; }

    public ScenarioKind Kind { get; }

    public int ExitCode { get; }

    public TimeSpan DowntimeGoal { get; }

    public Func<Tests.TestInfrastructure.FakeMachine> Prepare { get; }

    public string[] Command { get; }

    /// <summary>A dependent the scenario makes fail for good: it must not run, and status must name it.</summary>
    public string? ExpectedDown { get; init; }

    /// <summary>Services that must run at the end although they did not before the command (left down by an earlier run).</summary>
    public string[] ExpectedRunning { get; init; } = Array.Empty<string>();

    /// <summary>For <see cref="ScenarioKind.Kept"/>: the services the kept record must name to start (winmgmt first, then dependents in start order).</summary>
    public string[] ExpectedToStart { get; init; } = Array.Empty<string>();

    /// <summary>The command's deadline in seconds (600 unless --deadline is given).</summary>
    public int DeadlineSeconds
    {
        get
        {
            int at = Array.IndexOf(Command, "--deadline");
            return at >= 0 ? int.Parse(Command[at + 1], System.Globalization.CultureInfo.InvariantCulture) : 600;
        }
    }
}
