using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Restart;

namespace WmiFixedPort.Commands;

/// <summary>
/// <c>restore</c>: put back exactly the recorded prior state (using <c>winmgmt /sharedhost</c> when it was
/// shared, then every value that switch leaves different), restart if something changed, delete the record.
/// </summary>
internal sealed class RestoreCommand : MachineCommand
{
    public RestoreCommand(IMachine machine, StepReporter report)
        : base(machine, report)
    {
    }

    public int Run(bool whatIf)
    {
        var budget = new CommandBudget(Machine.Clock);
        var reader = new HostConfigurationReader(Machine.Registry);
        var store = new StateRecordStore(Machine.Registry, Machine.Clock);
        Report.Step("WmiFixedPort restore: put back the recorded prior state.");

        HostConfiguration? record;
        HostConfiguration before;
        try
        {
            if (!StepFailedException.Guard("Read the record", store.Exists))
            {
                Report.Step($@"No record of a prior state under HKLM\{RegistryLocations.StateKey}: nothing to restore, nothing changed.");
                return Succeed();
            }

            record = StepFailedException.Guard("Read the record", store.Load);
            before = StepFailedException.Guard("Read the winmgmt configuration", reader.Read);
        }
        catch (StepFailedException ex)
        {
            return Fail(ex, journal: null);
        }

        if (record is null)
        {
            // Enable writes the record completely before it changes anything, so an incomplete one means
            // that nothing was changed after it.
            if (!whatIf)
            {
                try
                {
                    StepFailedException.Guard("Delete an incomplete record", store.Delete);
                }
                catch (StepFailedException ex)
                {
                    return Fail(ex, journal: null);
                }
            }

            Report.Step(whatIf
                ? "What if: delete the incomplete record (an interrupted enable wrote it before changing anything); nothing to restore."
                : "The record was incomplete (an interrupted enable wrote it before changing anything): nothing to restore; record deleted.");
            return Succeed();
        }

        Report.Step($"Recorded prior state: {record.Describe()}. Current: {before.Describe()}.");
        bool switchToShared = record.Mode == HostMode.Shared && before.Mode != HostMode.Shared;
        if (whatIf)
        {
            if (switchToShared)
            {
                Report.Step("What if: run winmgmt.exe /sharedhost.");
            }

            foreach (string item in before.Differences(record))
            {
                Report.Step($"What if: restore {item}.");
            }

            Report.Step(before.SameAs(record)
                ? "What if: delete the record; nothing to change, no restart."
                : "What if: restart winmgmt and the running services that depend on it, then delete the record.");
            return Succeed();
        }

        var journal = new ChangeJournal(Machine, Report, before);
        try
        {
            if (before.SameAs(record))
            {
                Report.Step("winmgmt is already in the recorded state: nothing to change, no restart.");
            }
            else
            {
                if (switchToShared)
                {
                    new WinmgmtSwitch(Machine.Winmgmt, Report).Run(WinmgmtSwitch.SharedArguments, budget);
                }

                new HostConfigurationWriter(Machine.Registry, Report).Apply(record);
                HostConfiguration after = StepFailedException.Guard("Read the winmgmt configuration", reader.Read);
                if (!after.SameAs(record))
                {
                    throw new StepFailedException("Check the restored configuration", "still different: " + string.Join(", ", after.Differences(record)));
                }

                journal.Restarter.Restart(budget);
            }

            StepFailedException.Guard(@"Delete the record HKLM\" + RegistryLocations.StateKey, store.Delete);
            Report.Step($"Done: winmgmt is back to its recorded state ({record.Describe()}); record deleted.");
            return Succeed();
        }
        catch (StepFailedException ex)
        {
            return Fail(ex, journal);
        }
    }
}
