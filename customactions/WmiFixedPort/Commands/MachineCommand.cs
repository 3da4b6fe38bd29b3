using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Restart;

namespace WmiFixedPort.Commands;

/// <summary>What enable and restore share: how a command ends, in the log, the event log and the exit code.</summary>
internal abstract class MachineCommand
{
    public const int Refused = 3;

    protected MachineCommand(IMachine machine, StepReporter report, TimeSpan? deadline)
    {
        Machine = machine;
        Report = report;
        Deadline = new OperationDeadline(machine.Clock, deadline ?? Timeouts.Deadline);
    }

    protected IMachine Machine { get; }

    /// <summary>The command's one time limit, counted from its start (see <see cref="OperationDeadline"/>).</summary>
    protected OperationDeadline Deadline { get; }

    protected StepReporter Report { get; }

    /// <summary>Reports the failed step, undoes what the command changed, exits with 1.</summary>
    protected int Fail(StepFailedException ex, ChangeJournal? journal) => Fail($"{ex.Step} failed: {ex.Error}", journal);

    /// <summary>An exception nobody expected: reported in one line, then undone like a failed step.</summary>
    protected int FailUnexpected(Exception ex, ChangeJournal? journal) => Fail("Unexpected error: " + Describe(ex), journal);

    private int Fail(string error, ChangeJournal? journal)
    {
        Report.Error(error);
        try
        {
            journal?.Undo();
        }
        catch (Exception undoError) when (undoError is not OutOfMemoryException)
        {
            Report.Error("Undo stopped by an unexpected error: " + Describe(undoError));
        }

        return Finish(EventKind.Error, 1);
    }

    /// <summary>A precondition failed before anything changed: exit code 3.</summary>
    protected int Refuse(string reason)
    {
        Report.Error("Refused: " + reason + " Nothing was changed.");
        return Finish(EventKind.Error, Refused);
    }

    /// <summary>
    /// The change is written but winmgmt keeps running with the old one: marks the record, raises the installer's
    /// restart signal and says so.
    /// </summary>
    protected void Stage(StateRecordStore? store, IReadOnlyList<string> blockers)
    {
        if (store is not null)
        {
            StepFailedException.Guard("Mark the change as staged in the record", () =>
            {
                int pid = Machine.Services.Query(RegistryLocations.WinmgmtServiceName).ProcessId;
                store.MarkStaged(pid, Machine.Processes.StartTimeUtc(pid));
            });
        }

        bool signalled = Machine.RestartSignal.Raise();
        Report.Step("No restart of winmgmt: cannot stop " + string.Join(", ", blockers) + ".");
        Report.Step("RESTART REQUIRED: the change takes effect when the computer restarts"
            + (signalled ? " (signalled to the installer)." : "."));
    }

    /// <summary>
    /// Restarts winmgmt and its running dependents; when a stop is refused at run time (5 or 1051: a launch-protected
    /// dependent), the restarter has started again what it stopped, and the change is staged instead. Notes in the
    /// record (when there is one) the dependents that do not run again, added to those an earlier run noted (read
    /// before the restart: <see cref="StartLeftovers"/> still has to start them). True when staged.
    /// </summary>
    protected bool RestartOrStage(ChangeJournal journal, StateRecordStore? store)
    {
        IReadOnlyList<string> earlier = store is null ? Array.Empty<string>() : StepFailedException.Guard("Read the record", store.DependentsDown);
        bool staged = false;
        try
        {
            journal.Restarter.Restart();
        }
        catch (StopRefusedException ex)
        {
            Report.Step(ex.Message + "; winmgmt keeps running in its old process.");
            Stage(store, new[] { ex.Service + " (stop refused at run time)" });
            staged = true;
        }

        if (store is not null)
        {
            StepFailedException.Guard("Note the dependents that do not run again in the record", () => store.SetDependentsDown(Union(earlier, journal.Restarter.DependentsDown)));
        }

        return staged;
    }

    /// <summary>
    /// Starts the services an earlier incomplete undo noted in the record as left stopped, and the dependents an earlier
    /// enable noted as not running again (unless this command has just tried them).
    /// </summary>
    protected static void StartLeftovers(ChangeJournal journal, StateRecordStore store)
    {
        IReadOnlyList<string> leftovers = StepFailedException.Guard("Read the record", store.ServicesToStart);
        if (leftovers.Count > 0)
        {
            IReadOnlyList<string> stillStopped = journal.Restarter.StartLeftovers(leftovers);
            StepFailedException.Guard("Update the record", () => store.SetServicesToStart(stillStopped));
        }

        var down = new List<string>(journal.Restarter.DependentsDown);
        foreach (string name in StepFailedException.Guard("Read the record", store.DependentsDown))
        {
            bool stillDown = journal.Restarter.WasStartAttempted(name)
                ? !journal.Restarter.RunsNow(name)
                : journal.Restarter.StartLeftovers(new[] { name }, earlierDependents: true).Count > 0;
            if (stillDown)
            {
                down.Add(name);
            }
        }

        StepFailedException.Guard("Update the record", () => store.SetDependentsDown(Union(down, Array.Empty<string>())));
    }

    /// <summary>The names of both lists, each once (ignoring case), in their order.</summary>
    protected static IReadOnlyList<string> Union(IReadOnlyList<string> first, IReadOnlyList<string> second) =>
        first.Concat(second).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// Exit code 0, also when a dependent did not start again (the change itself is in force; the dependent is an
    /// error in the event log, in the record and in <c>status</c>): the event is an error then, a warning after warnings.
    /// </summary>
    protected int Succeed() => Finish(
        Report.ErrorCount > 0 ? EventKind.Error : Report.WarningCount > 0 ? EventKind.Warning : EventKind.Information, 0);

    protected int Finish(EventKind kind, int exitCode)
    {
        Report.WriteEvent(Machine.EventLog, kind);
        return exitCode;
    }

    private static string Describe(Exception ex) => ex.GetType().Name + ": " + ex.Message;
}
