using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Restart;

namespace WmiFixedPort.Commands;

/// <summary>
/// What one enable or restore has changed so far, and how to undo it: the configuration it started from,
/// the services it stopped, and whether it created the record. The record outlives an incomplete undo: it is deleted
/// only when every undo step worked, so that a later <c>restore</c> can finish the job.
/// </summary>
internal sealed class ChangeJournal
{
    private readonly IMachine _machine;
    private readonly StepReporter _report;

    public ChangeJournal(IMachine machine, StepReporter report, HostConfiguration before, OperationDeadline deadline)
    {
        _machine = machine;
        _report = report;
        Before = before;
        Restarter = new WinmgmtRestarter(machine.Services, machine.Clock, report, deadline);
    }

    public HostConfiguration Before { get; }

    public WinmgmtRestarter Restarter { get; }

    public bool RecordCreated { get; set; }

    /// <summary>Puts back the configuration, the services and the record as they were; true when all of it worked.</summary>
    public bool Undo()
    {
        _report.Step("Undoing this command's changes.");
        bool ok = true;
        try
        {
            int writes = new HostConfigurationWriter(_machine.Registry, _machine.Services, _report).Apply(Before);
            _report.Step(writes == 0 ? "Undo: the winmgmt configuration was unchanged." : "Undo: the winmgmt configuration is back as it was.");
        }
        catch (StepFailedException ex)
        {
            _report.Error($"Undo: {ex.Step} failed: {ex.Error}");
            ok = false;
        }

        ok &= Restarter.Recover();
        var store = new StateRecordStore(_machine.Registry, _machine.Clock);
        if (ok && RecordCreated)
        {
            ok = Try("Delete the record this command created", store.Delete);
            if (ok)
            {
                _report.Step("Undo: deleted the record this command created.");
            }
        }
        else if (!ok)
        {
            IReadOnlyList<string> stopped = Restarter.NotRunningAgain();
            if (stopped.Count > 0 && Try("Note the services left stopped in the record", () => store.SetServicesToStart(stopped)))
            {
                _report.Step("Undo: left stopped (noted in the record): " + string.Join(", ", stopped) + ".");
            }

            // The dependents among them are also what status reports as dependentsDown (contract interface 1).
            List<string> dependents = stopped.Where(name => !string.Equals(name, RegistryLocations.WinmgmtServiceName, StringComparison.OrdinalIgnoreCase)).ToList();
            if (dependents.Count > 0)
            {
                Try("Note the dependents that do not run again in the record", () => store.SetDependentsDown(
                    StepFailedException.Guard("Read the record", store.DependentsDown).Concat(dependents).Distinct(StringComparer.OrdinalIgnoreCase).ToList()));
            }
        }

        if (!ok)
        {
            _report.Error("Undo incomplete: the record is kept; 'WmiFixedPort.exe restore' finishes the job.");
        }

        return ok;
    }

    private bool Try(string step, System.Action action)
    {
        try
        {
            StepFailedException.Guard(step, action);
            return true;
        }
        catch (StepFailedException ex)
        {
            _report.Error($"Undo: {ex.Step} failed: {ex.Error}");
            return false;
        }
    }
}
