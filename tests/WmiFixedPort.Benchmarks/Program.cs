using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Benchmarks;

/// <summary>
/// Prints, per scenario, the winmgmt restarts, the dependent stops and the simulated seconds WMI was unavailable, all
/// read from the fake Windows after the command ran; exits with 1 when a goal is missed: one restart per real change,
/// none for a no-op, and dependents stopped only during that restart (at most once each).
/// </summary>
internal static class Program
{
    private static int Main()
    {
        var scenarios = new List<Scenario>
        {
            new("first install (enable 24158/5)", ScenarioKind.Change, FakeMachine.Create, "enable", "--port", "24158", "--auth-level", "5"),
            new("first install, non-default port (24200/6)", ScenarioKind.Change, FakeMachine.Create, "enable", "--port", "24200", "--auth-level", "6"),
            new("no-op repair (same values)", ScenarioKind.NoOp, Enabled, "enable", "--port", "24158", "--auth-level", "5"),
            new("port change (repair with 24200)", ScenarioKind.Change, Enabled, "enable", "--port", "24200", "--auth-level", "5"),
            new("auth level change (repair with 6)", ScenarioKind.Change, Enabled, "enable", "--port", "24158", "--auth-level", "6"),
            new("upgrade, same values (old removal does nothing)", ScenarioKind.NoOp, Enabled, "enable", "--port", "24158", "--auth-level", "5"),
            new("upgrade with a port change", ScenarioKind.Change, Enabled, "enable", "--port", "24300", "--auth-level", "5"),
            new("uninstall (restore)", ScenarioKind.Change, Enabled, "restore"),
            new("uninstall, nothing to restore", ScenarioKind.NoOp, FakeMachine.Create, "restore"),
            new("first install, protected dependent (staged)", ScenarioKind.Staged, () => FakeMachine.Create().WithProtectedSecurityCenter(), "enable"),
            new("fault: winmgmt.exe fails", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => m.FakeWinmgmt.NextExitCode = 1), "enable"),
            new("fault: winmgmt.exe hangs", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => m.FakeWinmgmt.HangNextRun = true), "enable"),
            new("fault: Endpoints write denied", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => m.FakeRegistry.DenyWrites((_, value) => value == RegistryLocations.EndpointsValue && m.FakeWinmgmt.Runs.Count == 1 && m.FakeRegistry.GetValue(RegistryLocations.DcomAppIdKey, value) is not null)), "enable", "--port", "24200"),
            new("fault: dependent stalls stopping", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => Stall(m.FakeServices["iphlpsvc"])), "enable"),
            new("fault: winmgmt stalls stopping", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => Stall(m.FakeServices["winmgmt"])), "enable"),
            new("fault: winmgmt will not start (new config)", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => m.FakeServices["winmgmt"].FailingStarts = 1), "enable"),
            new("fault: a dependent will not start again", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => m.FakeServices["NcaSvc"].FailingStarts = 2), "enable"),
            new("fault: winmgmt stop refused (1061)", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => m.FakeServices["winmgmt"].NextStopError = 1061), "enable"),
            new("fault: AppID key not writable (refused)", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => m.FakeRegistry.MakeReadOnly(RegistryLocations.DcomAppIdKey)), "enable"),
            new("fault: unexpected exception", ScenarioKind.Fault, () => With(FakeMachine.Create(), m => m.FakeServices.UnexpectedExceptionOnStop = "winmgmt"), "enable"),
            new("fault: restore, winmgmt will not start", ScenarioKind.Fault, () => With(Enabled(), m => m.FakeServices["winmgmt"].FailingStarts = 1), "restore"),
        };

        Console.WriteLine("WmiFixedPort restart benchmark (fake Windows; counts read from the fakes; seconds are simulated)");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-50} {1,4} {2,8} {3,10} {4,14} {5,10}  {6}", "scenario", "exit", "restarts", "dep.stops", "WMI down (s)", "total (s)", "goal"));
        int missed = 0;
        foreach (Scenario scenario in scenarios)
        {
            FakeMachine machine = scenario.Prepare();
            int runningDependents = RunningDependents(machine);
            Measurement start = Measurement.Of(machine);
            CliRun run = CliRun.Of(machine, scenario.Command);
            Measurement end = Measurement.Of(machine);

            int restarts = end.WinmgmtStarts - start.WinmgmtStarts;
            int dependentStops = end.DependentStops - start.DependentStops;
            string goal = Goal(scenario.Kind, run.ExitCode, restarts, dependentStops, runningDependents);
            missed += goal.StartsWith("MISSED", StringComparison.Ordinal) ? 1 : 0;
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "{0,-50} {1,4} {2,8} {3,10} {4,14} {5,10}  {6}",
                scenario.Name,
                run.ExitCode,
                restarts,
                dependentStops,
                Measurement.Seconds(end.Unavailable - start.Unavailable),
                Measurement.Seconds(end.Clock - start.Clock),
                goal));
        }

        Console.WriteLine(missed == 0 ? "All goals met." : $"{missed} goal(s) missed.");
        return missed == 0 ? 0 : 1;
    }

    private static string Goal(ScenarioKind kind, int exitCode, int restarts, int dependentStops, int runningDependents) => kind switch
    {
        ScenarioKind.Change => exitCode == 0 && restarts == 1 && dependentStops <= runningDependents
            ? "met (1 restart, dependents stopped once)" : "MISSED: a real change restarts winmgmt once",
        ScenarioKind.NoOp => exitCode == 0 && restarts == 0 && dependentStops == 0
            ? "met (no restart)" : "MISSED: no restart without a change",
        ScenarioKind.Staged => exitCode == 0 && restarts == 0 && dependentStops == 0
            ? "met (staged: nothing stopped, restart required)" : "MISSED: a staged change stops nothing",
        _ => "reported only",
    };

    private static int RunningDependents(FakeMachine machine) =>
        WmiFixedPort.Restart.DependentServices.InStartOrder(machine.FakeServices, "winmgmt").Count(name => machine.FakeServices.Query(name).IsActive);

    private static FakeMachine Enabled()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24158", "--auth-level", "5");
        return machine;
    }

    private static FakeMachine With(FakeMachine machine, Action<FakeMachine> arrange)
    {
        arrange(machine);
        return machine;
    }

    private static void Stall(FakeService service)
    {
        service.ReportsProgress = false;
        service.StopDuration = TimeSpan.FromSeconds(40);
    }
}
