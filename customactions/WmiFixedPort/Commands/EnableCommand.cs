using System;
using System.Globalization;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Commands;

/// <summary>
/// <c>enable</c>: check the preconditions, record the prior state once, switch winmgmt to its own host with the given
/// authentication level, put its DCOM endpoint on the given port, and restart it only if something changed (or stage
/// the change for the next restart of the computer when a service cannot be stopped).
/// </summary>
internal sealed class EnableCommand : MachineCommand
{
    public EnableCommand(IMachine machine, StepReporter report, TimeSpan? deadline = null)
        : base(machine, report, deadline)
    {
    }

    public int Run(int port, int authLevel, bool whatIf)
    {
        ChangeJournal? journal = null;
        try
        {
            return Run(port, authLevel, whatIf, created => journal = created);
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

    private int Run(int port, int authLevel, bool whatIf, Action<ChangeJournal> started)
    {
        var reader = new HostConfigurationReader(Machine.Registry);
        var store = new StateRecordStore(Machine.Registry, Machine.Clock);
        string target = $"standalone on port {port.ToString(CultureInfo.InvariantCulture)} with auth level {AuthenticationLevel.Describe(authLevel)}";
        Report.Step($"WmiFixedPort enable: target {target}.");

        HostConfiguration before = StepFailedException.Guard("Read the winmgmt configuration", reader.Read);
        bool recordExists = StepFailedException.Guard("Read the record", store.Exists);
        bool recordComplete = recordExists && StepFailedException.Guard("Read the record", store.IsComplete);
        ServiceStatus winmgmt = StepFailedException.Guard("Query service winmgmt", () => Machine.Services.Query(RegistryLocations.WinmgmtServiceName));

        Report.Step($"Current: {before.Describe()}.");
        if (before.Mode == HostMode.Unknown)
        {
            return Refuse(
                $@"The winmgmt ImagePath '{before[TrackedValue.ServiceImagePath]?.Text ?? "(absent)"}' names neither '-k netsvcs' nor '-k winmgmt'; "
                + "refusing to change an unrecognised configuration.");
        }

        bool switchHost = before.Mode != HostMode.Standalone || before.AuthLevel != authLevel;
        int? portAfterSwitch = switchHost ? before.Port ?? DcomEndpoint.StandaloneDefaultPort : before.Port;
        bool setEndpoint = portAfterSwitch != port;
        bool change = switchHost || setEndpoint;

        var preflight = new Preflight(Machine, Deadline);
        if (!preflight.Check(writes: change || !recordComplete, restart: change))
        {
            return Refuse(preflight.Refusal!);
        }

        bool stage = change && preflight.StopBlockers.Count > 0;
        if (whatIf)
        {
            Report.Step(recordComplete ? "What if: keep the existing record of the prior state." : "What if: record the prior state under HKLM\\" + RegistryLocations.StateKey + ".");
            if (switchHost)
            {
                Report.Step("What if: run winmgmt.exe " + string.Join(" ", WinmgmtSwitch.StandaloneArguments(authLevel)) + ".");
            }

            if (setEndpoint)
            {
                Report.Step($@"What if: set HKLM\{RegistryLocations.DcomAppIdKey}\{RegistryLocations.EndpointsValue} = {DcomEndpoint.ForPort(port)}.");
            }

            Report.Step(!change ? "What if: nothing to change; winmgmt would not be restarted."
                : stage ? "What if: stage the change (cannot stop: " + string.Join(", ", preflight.StopBlockers) + ")."
                : "What if: restart winmgmt and the running services that depend on it.");
            return Succeed();
        }

        ForgetAppliedStage(store, winmgmt);
        var journal = new ChangeJournal(Machine, Report, before, Deadline);
        started(journal);
        if (recordComplete)
        {
            Report.Step(@"The prior state is already recorded under HKLM\" + RegistryLocations.StateKey + "; keeping it.");
            if (before.Mode == HostMode.Standalone && StepFailedException.Guard("Read the record", store.CompleteFormat) < StateRecordStore.FormatVersion)
            {
                StepFailedException.Guard("Add SvcHost\\netsvcs to the record", () => store.UpgradeToCurrentFormat(before));
                Report.Step(@"Record upgraded to format 2 (SvcHost\netsvcs added).");
            }
        }
        else
        {
            if (recordExists)
            {
                StepFailedException.Guard("Delete an incomplete record", store.Delete);
                Report.Step("Deleted an incomplete record left by an interrupted run (it was written before any change).");
            }

            journal.RecordCreated = true;
            StepFailedException.Guard(@"Record the prior state under HKLM\" + RegistryLocations.StateKey, () => store.Save(before));
            Report.Step($@"Recorded the prior state ({before.Describe()}) under HKLM\{RegistryLocations.StateKey}.");
        }

        if (!change)
        {
            Report.Step($"winmgmt already runs {target}: nothing to change, no restart.");
            StartLeftovers(journal, store);
            return Succeed();
        }

        if (switchHost)
        {
            new WinmgmtSwitch(Machine.Winmgmt, Report, Deadline).Run(WinmgmtSwitch.StandaloneArguments(authLevel));
        }

        var writer = new HostConfigurationWriter(Machine.Registry, Machine.Services, Report);
        if (StepFailedException.Guard("Read the winmgmt configuration", reader.Read).Port != port)
        {
            writer.SetEndpointPort(port);
        }

        HostConfiguration after = StepFailedException.Guard("Read the winmgmt configuration", reader.Read);
        if (after.Mode != HostMode.Standalone || after.Port != port || after.AuthLevel != authLevel)
        {
            throw new StepFailedException("Check the new configuration", $"expected {target}, found {after.Describe()}");
        }

        if (after.SameAs(before))
        {
            Report.Step("The configuration did not change: no restart.");
        }
        else if (stage)
        {
            Stage(store, preflight.StopBlockers);
        }
        else
        {
            stage = RestartOrStage(journal, store);
            if (!stage && store.Staged() is not null)
            {
                StepFailedException.Guard("Clear the staged mark", store.ClearStaged);
            }
        }

        StartLeftovers(journal, store);
        Report.Step(stage ? $"Done (staged): winmgmt will run {target} after the restart." : $"Done: winmgmt runs {target}.");
        return Succeed();
    }

    /// <summary>A staged change whose winmgmt process has ended (the computer restarted) is in force: drop the mark.</summary>
    private void ForgetAppliedStage(StateRecordStore store, ServiceStatus winmgmt)
    {
        StagedMark? mark = StepFailedException.Guard("Read the record", store.Staged);
        if (mark is not null && !mark.Matches(winmgmt.ProcessId, Machine.Processes.StartTimeUtc(winmgmt.ProcessId)))
        {
            StepFailedException.Guard("Clear the staged mark", store.ClearStaged);
        }
    }
}
