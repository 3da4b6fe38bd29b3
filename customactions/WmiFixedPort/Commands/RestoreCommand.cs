using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Commands;

/// <summary>
/// <c>restore</c>: put back exactly the recorded prior state (using <c>winmgmt /sharedhost</c> when it was
/// shared, so that the service configuration goes through winmgmt.exe, then every value that switch leaves
/// different, the <c>SvcHost\netsvcs</c> key it overwrites included), restart if something changed (or stage it),
/// delete the record.
/// </summary>
internal sealed class RestoreCommand : MachineCommand
{
    public RestoreCommand(IMachine machine, StepReporter report, TimeSpan? deadline = null)
        : base(machine, report, deadline)
    {
    }

    public int Run(bool whatIf)
    {
        ChangeJournal? journal = null;
        try
        {
            return Run(whatIf, created => journal = created);
        }
        catch (StepFailedException ex)
        {
            return Fail(ex, journal);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return FailUnexpected(ex, journal);
        }
    }

    /// <summary>The record, and every tracked key the record says was absent (restore deletes them when they exist).</summary>
    private static IEnumerable<string> DeletedKeys(HostConfiguration record) =>
        record.Keys.Where(pair => pair.Value is null).Select(pair => pair.Key.KeyPath).Concat(new[] { RegistryLocations.StateKey });

    private int Run(bool whatIf, Action<ChangeJournal> started)
    {
        var reader = new HostConfigurationReader(Machine.Registry);
        var store = new StateRecordStore(Machine.Registry, Machine.Clock);
        Report.Step("WmiFixedPort restore: put back the recorded prior state.");

        if (!StepFailedException.Guard("Read the record", store.Exists))
        {
            Report.Step($@"No record of a prior state under HKLM\{RegistryLocations.StateKey}: nothing to restore, nothing changed.");
            return Succeed();
        }

        HostConfiguration? record = StepFailedException.Guard("Read the record", store.Load);
        HostConfiguration before = StepFailedException.Guard("Read the winmgmt configuration", reader.Read);
        if (record is null)
        {
            // Enable writes the record completely before it changes anything, so an incomplete one means
            // that nothing was changed after it.
            if (!whatIf)
            {
                StepFailedException.Guard("Delete an incomplete record", store.Delete);
            }

            Report.Step(whatIf
                ? "What if: delete the incomplete record (an interrupted enable wrote it before changing anything); nothing to restore."
                : "The record was incomplete (an interrupted enable wrote it before changing anything): nothing to restore; record deleted.");
            return Succeed();
        }

        Report.Step($"Recorded prior state: {record.Describe()}. Current: {before.Describe()}.");
        if (!record.Keys.ContainsKey(TrackedKey.SvcHostNetsvcs))
        {
            Report.Step(@"The record (format 1) has no copy of SvcHost\netsvcs: that key stays as it is.");
        }

        bool switchToShared = record.Mode == HostMode.Shared && before.Mode != HostMode.Shared;
        bool change = !before.SameAs(record);
        var preflight = new Preflight(Machine, Deadline);
        if (!preflight.Check(writes: change, restart: change, DeletedKeys(record)))
        {
            return Refuse(preflight.Refusal!);
        }

        bool stage = change && preflight.StopBlockers.Count > 0;
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

            Report.Step(!change ? "What if: delete the record; nothing to change, no restart."
                : stage ? "What if: stage the change (cannot stop: " + string.Join(", ", preflight.StopBlockers) + "), then delete the record."
                : "What if: restart winmgmt and the running services that depend on it, then delete the record.");
            return Succeed();
        }

        var journal = new ChangeJournal(Machine, Report, before, Deadline);
        started(journal);
        if (!change)
        {
            Report.Step("winmgmt is already in the recorded state: nothing to change, no restart.");
        }
        else
        {
            if (switchToShared)
            {
                new WinmgmtSwitch(Machine.Winmgmt, Report, Deadline).Run(WinmgmtSwitch.SharedArguments);
            }

            new HostConfigurationWriter(Machine.Registry, Machine.Services, Report).Apply(record);
            HostConfiguration after = StepFailedException.Guard("Read the winmgmt configuration", reader.Read);
            if (!after.SameAs(record))
            {
                throw new StepFailedException("Check the restored configuration", "still different: " + string.Join(", ", after.Differences(record)));
            }

            if (stage)
            {
                Stage(store: null, preflight.StopBlockers);
            }
            else
            {
                stage = RestartOrStage(journal, store: null);
            }
        }

        StartLeftovers(journal, store);
        StepFailedException.Guard(@"Delete the record HKLM\" + RegistryLocations.StateKey, store.Delete);
        Report.Step($"Done: winmgmt is back to its recorded state ({record.Describe()}){(stage ? " from the next restart" : string.Empty)}; record deleted.");
        return Succeed();
    }
}
