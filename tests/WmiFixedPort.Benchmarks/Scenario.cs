using System;

namespace WmiFixedPort.Benchmarks;

/// <summary>
/// What a scenario is expected to cost: a real change (one restart), a no-op (none), a change staged for the next
/// restart of the computer (none, nothing stopped), or a fault (reported only).
/// </summary>
internal enum ScenarioKind
{
    Change,
    NoOp,
    Staged,
    Fault,
}

/// <summary>One scenario: how to prepare the machine (the commands before the measured one run here) and the measured command line.</summary>
internal sealed class Scenario
{
    public Scenario(string name, ScenarioKind kind, Func<Tests.TestInfrastructure.FakeMachine> prepare, params string[] command)
    {
        Name = name;
        Kind = kind;
        Prepare = prepare;
        Command = command;
    }

    public string Name { get; }

    public ScenarioKind Kind { get; }

    public Func<Tests.TestInfrastructure.FakeMachine> Prepare { get; }

    public string[] Command { get; }
}
