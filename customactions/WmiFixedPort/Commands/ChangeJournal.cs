using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Restart;

namespace WmiFixedPort.Commands;

/// <summary>
/// What one enable or restore has changed so far, and how to undo it: the configuration it started from,
/// the services it stopped, and whether it created the record.
/// </summary>
internal sealed class ChangeJournal
{
    private readonly IMachine _machine;
    private readonly StepReporter _report;

    public ChangeJournal(IMachine machine, StepReporter report, HostConfiguration before)
    {
        _machine = machine;
        _report = report;
        Before = before;
        Restarter = new WinmgmtRestarter(machine.Services, machine.Clock, report);
    }

    public HostConfiguration Before { get; }

    public WinmgmtRestarter Restarter { get; }

    public bool RecordCreated { get; set; }

    /// <summary>Puts back the configuration, the services and the record as they were; true when all of it worked.</summary>
    public bool Undo()
    {
        _report.Step("Undoing this command's changes.");
        var deadline = new Deadline(_machine.Clock, Timeouts.UndoBudget);
        bool ok = true;
        try
        {
            int writes = new HostConfigurationWriter(_machine.Registry, _report).Apply(Before);
            _report.Step(writes == 0 ? "Undo: the winmgmt configuration was unchanged." : "Undo: the winmgmt configuration is back as it was.");
        }
        catch (StepFailedException ex)
        {
            _report.Error($"Undo: {ex.Step} failed: {ex.Error}");
            ok = false;
        }

        ok &= Restarter.Recover(deadline);
        if (RecordCreated)
        {
            try
            {
                StepFailedException.Guard("Delete the record this command created", () => new StateRecordStore(_machine.Registry, _machine.Clock).Delete());
                _report.Step("Undo: deleted the record this command created.");
            }
            catch (StepFailedException ex)
            {
                _report.Error($"Undo: {ex.Step} failed: {ex.Error}");
                ok = false;
            }
        }

        if (!ok)
        {
            _report.Error("Undo incomplete: check the lines above; 'WmiFixedPort.exe status' shows the current state.");
        }

        return ok;
    }
}
