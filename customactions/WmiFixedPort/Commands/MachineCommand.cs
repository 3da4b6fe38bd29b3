using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>What enable and restore share: how a command ends, in the log, the event log and the exit code.</summary>
internal abstract class MachineCommand
{
    protected MachineCommand(IMachine machine, StepReporter report)
    {
        Machine = machine;
        Report = report;
    }

    protected IMachine Machine { get; }

    protected StepReporter Report { get; }

    /// <summary>Reports the failed step, undoes what the command changed, exits with 1.</summary>
    protected int Fail(StepFailedException ex, ChangeJournal? journal)
    {
        Report.Error($"{ex.Step} failed: {ex.Error}");
        journal?.Undo();
        return Finish(EventKind.Error, 1);
    }

    protected int Succeed() => Finish(Report.WarningCount == 0 ? EventKind.Information : EventKind.Warning, 0);

    protected int Finish(EventKind kind, int exitCode)
    {
        Report.WriteEvent(Machine.EventLog, kind);
        return exitCode;
    }
}
