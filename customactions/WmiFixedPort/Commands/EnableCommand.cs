using System;
using System.Globalization;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Restart;
using WmiFixedPort.Validation;

namespace WmiFixedPort.Commands;

/// <summary>
/// <c>enable</c>: record the prior state once, switch winmgmt to its own host with the given authentication
/// level, put its DCOM endpoint on the given port, and restart it only if something changed.
/// </summary>
internal sealed class EnableCommand : MachineCommand
{
    public EnableCommand(IMachine machine, StepReporter report)
        : base(machine, report)
    {
    }

    public int Run(int port, int authLevel, bool whatIf)
    {
        var budget = new CommandBudget(Machine.Clock);
        var reader = new HostConfigurationReader(Machine.Registry);
        var store = new StateRecordStore(Machine.Registry, Machine.Clock);
        string target = $"standalone on port {port.ToString(CultureInfo.InvariantCulture)} with auth level {AuthenticationLevel.Describe(authLevel)}";
        Report.Step($"WmiFixedPort enable: target {target}.");

        HostConfiguration before;
        bool recordComplete;
        bool recordExists;
        try
        {
            before = StepFailedException.Guard("Read the winmgmt configuration", reader.Read);
            recordExists = StepFailedException.Guard("Read the record", store.Exists);
            recordComplete = recordExists && StepFailedException.Guard("Read the record", store.IsComplete);
        }
        catch (StepFailedException ex)
        {
            return Fail(ex, journal: null);
        }

        Report.Step($"Current: {before.Describe()}.");
        if (before.Mode == HostMode.Unknown)
        {
            Report.Error(
                $@"The winmgmt ImagePath '{before[TrackedValue.ServiceImagePath]?.Text ?? "(absent)"}' names neither '-k netsvcs' nor '-k winmgmt'; "
                + "refusing to change an unrecognised configuration. Nothing was changed.");
            return Finish(EventKind.Error, 1);
        }

        bool switchHost = before.Mode != HostMode.Standalone || before.AuthLevel != authLevel;
        int? portAfterSwitch = switchHost ? before.Port ?? DcomEndpoint.StandaloneDefaultPort : before.Port;
        bool setEndpoint = portAfterSwitch != port;

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

            Report.Step(switchHost || setEndpoint
                ? "What if: restart winmgmt and the running services that depend on it."
                : "What if: nothing to change; winmgmt would not be restarted.");
            return Succeed();
        }

        var journal = new ChangeJournal(Machine, Report, before);
        try
        {
            if (recordComplete)
            {
                Report.Step(@"The prior state is already recorded under HKLM\" + RegistryLocations.StateKey + "; keeping it.");
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

            if (!switchHost && !setEndpoint)
            {
                Report.Step($"winmgmt already runs {target}: nothing to change, no restart.");
                return Succeed();
            }

            if (switchHost)
            {
                new WinmgmtSwitch(Machine.Winmgmt, Report).Run(WinmgmtSwitch.StandaloneArguments(authLevel), budget);
            }

            var writer = new HostConfigurationWriter(Machine.Registry, Report);
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
            else
            {
                journal.Restarter.Restart(budget);
            }

            Report.Step($"Done: winmgmt runs {target}.");
            return Succeed();
        }
        catch (StepFailedException ex)
        {
            return Fail(ex, journal);
        }
    }
}
