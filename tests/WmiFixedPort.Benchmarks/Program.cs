using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Benchmarks;

/// <summary>
/// Runs every scenario of the fake-Windows suite and prints, per scenario, the exit code, winmgmt restarts, dependent
/// stops, the simulated seconds WMI was unavailable against its goal, and the total time against the deadline
/// (deadline + 300 s recovery allowance). Exits with 1 when any scenario misses: its exit code, its end state (exactly
/// the prior state after a fault or a no-op, the new configuration after a change, the staged state after a staged
/// change; after an undo that could not bring every service back, the configuration as before and the record kept,
/// naming exactly the services that do not run), every dependent that ran running again (or, when a scenario makes one
/// fail for good, status naming it; status naming none otherwise), a dependent an earlier run left down running again
/// where the scenario says so, one restart per real change and none otherwise, WMI's downtime goal (an outage not over
/// at the end counts up to then), or the deadline.
/// </summary>
internal static class Program
{
    private static int Main()
    {
        var scenarios = new List<Scenario>
        {
            new("first install (enable 24158/5)", ScenarioKind.Change, 0, 5, FakeMachine.Create, "enable", "--port", "24158", "--auth-level", "5"),
            new("first install, non-default port (24200/6)", ScenarioKind.Change, 0, 5, FakeMachine.Create, "enable", "--port", "24200", "--auth-level", "6"),
            new("no-op repair (same values)", ScenarioKind.NoOp, 0, 0, Enabled, "enable", "--port", "24158", "--auth-level", "5"),
            new("port change (repair with 24200)", ScenarioKind.Change, 0, 5, Enabled, "enable", "--port", "24200", "--auth-level", "5"),
            new("auth level change (repair with 6)", ScenarioKind.Change, 0, 5, Enabled, "enable", "--port", "24158", "--auth-level", "6"),
            new("upgrade, same values (old removal does nothing)", ScenarioKind.NoOp, 0, 0, Enabled, "enable", "--port", "24158", "--auth-level", "5"),
            new("upgrade with a port change", ScenarioKind.Change, 0, 5, Enabled, "enable", "--port", "24300", "--auth-level", "5"),
            new("uninstall (restore)", ScenarioKind.Change, 0, 5, Enabled, "restore"),
            new("uninstall, nothing to restore", ScenarioKind.NoOp, 0, 0, FakeMachine.Create, "restore"),
            new("staged: protected dependent (preflight)", ScenarioKind.Staged, 0, 0, () => FakeMachine.Create().WithProtectedSecurityCenter(), "enable"),
            new("staged: launch-protected EDR (preflight)", ScenarioKind.Staged, 0, 0, () => WithEdr(FakeMachine.Create(), hidden: false), "enable"),
            new("staged: stop refused with 5 at run time", ScenarioKind.Staged, 0, 0, () => WithEdr(FakeMachine.Create(), hidden: true), "enable"),
            new("fault: winmgmt.exe fails", ScenarioKind.Fault, 1, 0, () => With(FakeMachine.Create(), m => m.FakeWinmgmt.NextExitCode = 1), "enable"),
            new("fault: winmgmt.exe hangs", ScenarioKind.Fault, 1, 0, () => With(FakeMachine.Create(), m => m.FakeWinmgmt.HangNextRun = true), "enable"),
            new("fault: Endpoints write denied", ScenarioKind.Fault, 1, 0, () => With(FakeMachine.Create(), m => m.FakeRegistry.DenyWrites((_, value) => value == RegistryLocations.EndpointsValue && m.FakeWinmgmt.Runs.Count == 1 && m.FakeRegistry.GetValue(RegistryLocations.DcomAppIdKey, value) is not null)), "enable", "--port", "24200"),
            new("fault: dependent stalls stopping", ScenarioKind.Fault, 1, 0, () => With(FakeMachine.Create(), m => Stall(m.FakeServices["iphlpsvc"])), "enable"),
            new("fault: winmgmt stalls stopping", ScenarioKind.Fault, 1, 45, () => With(FakeMachine.Create(), m => Stall(m.FakeServices["winmgmt"])), "enable"),
            new("fault: winmgmt will not start (new config)", ScenarioKind.Fault, 1, 5, () => With(FakeMachine.Create(), m => m.FakeServices["winmgmt"].FailingStarts = 1), "enable"),
            new("fault: winmgmt stops again while starting", ScenarioKind.Fault, 1, 5, () => With(FakeMachine.Create(), m => m.FakeServices["winmgmt"].StartsThatStopAgain = 1), "enable"),
            new("fault: a dependent never starts again", ScenarioKind.Change, 0, 5, () => With(FakeMachine.Create(), m => m.FakeServices["NcaSvc"].FailingStarts = 3), "enable") { ExpectedDown = "NcaSvc" },
            new("fault: winmgmt stop refused (1061)", ScenarioKind.Fault, 1, 0, () => With(FakeMachine.Create(), m => m.FakeServices["winmgmt"].NextStopError = 1061), "enable"),
            new("fault: AppID key not writable (refused)", ScenarioKind.Fault, 3, 0, () => With(FakeMachine.Create(), m => m.FakeRegistry.MakeReadOnly(RegistryLocations.DcomAppIdKey)), "enable"),
            new("fault: SvcHost\\winmgmt denies DELETE (refused)", ScenarioKind.Fault, 3, 0, () => With(Enabled(), m => m.FakeRegistry.DenyDelete(RegistryLocations.SvcHostWinmgmtKey)), "restore"),
            new("fault: unexpected exception", ScenarioKind.Fault, 1, 0, () => With(FakeMachine.Create(), m => m.FakeServices.UnexpectedExceptionOnStop = "winmgmt"), "enable"),
            new("fault: restore, winmgmt will not start", ScenarioKind.Fault, 1, 5, () => With(Enabled(), m => m.FakeServices["winmgmt"].FailingStarts = 1), "restore"),
            new("deadline: 4-min dependent stops (default 600 s)", ScenarioKind.Fault, 1, 0, () => With(FakeMachine.Create(), m => Slow(m, TimeSpan.FromMinutes(4))), "enable"),
            new("deadline: 50-s dependent stops, --deadline 120", ScenarioKind.Fault, 1, 0, () => With(FakeMachine.Create(), m => Slow(m, TimeSpan.FromSeconds(50))), "enable", "--deadline", "120"),
            new("port change after a dependent was left down", ScenarioKind.Change, 0, 5, () => With(FakeMachine.Create(), m => { m.FakeServices["NcaSvc"].FailingStarts = 3; CliRun.Of(m, "enable"); }), "enable", "--port", "24200") { ExpectedRunning = new[] { "NcaSvc" } },
            new("dependent restarted by recovery at its stop", ScenarioKind.Change, 0, 5, () => With(FakeMachine.Create(), m => m.FakeServices.BeforeNextStop = () => m.FakeServices.RestartByRecoveryAction("NcaSvc", TimeSpan.FromSeconds(5))), "enable"),
            new("staged: dependent refuses stop control (1052)", ScenarioKind.Staged, 0, 0, () => With(FakeMachine.Create(), m => m.FakeServices["NcaSvc"].NextStopError = 1052), "enable"),
            new("staged: refused stop, paused dependent untouched", ScenarioKind.Staged, 0, 0, () => With(WithEdr(FakeMachine.Create(), hidden: true), m => m.FakeServices.Add("AaaPausedAgent", running: true, "winmgmt").State = ServiceState.Paused), "enable"),
            new("dependent denies SERVICE_QUERY_CONFIG (a leaf)", ScenarioKind.Change, 0, 5, () => With(FakeMachine.Create(), m => m.FakeServices.Add("AgentHidden", running: true, "VendorAgent").DeniesQueryConfig = true), "enable"),
            new("kept: winmgmt start hangs, --deadline 60", ScenarioKind.Kept, 1, 361, () => With(FakeMachine.Create(), m => m.FakeServices["winmgmt"].StartDuration = TimeSpan.FromHours(2)), "enable", "--deadline", "60") { ExpectedToStart = new[] { "winmgmt", "iphlpsvc", "NcaSvc", "VendorAgent" } },
            new("kept: undo cannot start a dependent", ScenarioKind.Kept, 1, 0, () => With(Enabled(), m => { Stall(m.FakeServices["iphlpsvc"]); m.FakeServices["VendorAgent"].FailingStarts = 3; }), "enable", "--port", "24200") { ExpectedToStart = new[] { "VendorAgent" } },
        };

        Console.WriteLine("WmiFixedPort restart benchmark (fake Windows; counts read from the fakes; seconds are simulated)");
        string format = "{0,-48} {1,4} {2,8} {3,9} {4,16} {5,16}  {6}";
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, format, "scenario", "exit", "restarts", "dep.stops", "WMI down s/goal", "total s/deadline", "end state"));
        int missed = 0;
        foreach (Scenario scenario in scenarios)
        {
            FakeMachine machine = scenario.Prepare();
            IReadOnlyList<string> before = machine.Snapshot();
            IReadOnlyList<string> runningBefore = machine.FakeServices.RunningServices();
            int runningDependents = RunningDependents(machine);
            Measurement start = Measurement.Of(machine);
            CliRun run = CliRun.Of(machine, scenario.Command);
            Measurement end = Measurement.Of(machine);

            int restarts = end.WinmgmtStarts - start.WinmgmtStarts;
            int dependentStops = end.DependentStops - start.DependentStops;
            TimeSpan down = end.Unavailable - start.Unavailable;
            TimeSpan total = end.Clock - start.Clock;
            TimeSpan bound = TimeSpan.FromSeconds(scenario.DeadlineSeconds + 300);
            var misses = new List<string>();
            if (run.ExitCode != scenario.ExitCode)
            {
                misses.Add($"exit {run.ExitCode}, expected {scenario.ExitCode}");
            }

            misses.AddRange(EndState(scenario, machine, before, runningBefore, restarts, dependentStops, runningDependents));
            if (down > scenario.DowntimeGoal)
            {
                misses.Add($"WMI down {Measurement.Seconds(down)} s, goal {Measurement.Seconds(scenario.DowntimeGoal)} s");
            }

            if (total > bound)
            {
                misses.Add($"took {Measurement.Seconds(total)} s, past the deadline + recovery ({Measurement.Seconds(bound)} s)");
            }

            missed += misses.Count > 0 ? 1 : 0;
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                format,
                scenario.Name,
                run.ExitCode,
                restarts,
                dependentStops,
                Measurement.Seconds(down) + " / " + Measurement.Seconds(scenario.DowntimeGoal),
                Measurement.Seconds(total) + " / " + Measurement.Seconds(bound),
                misses.Count == 0 ? "met: " + Describe(scenario) : "MISSED: " + string.Join("; ", misses)));
        }

        Console.WriteLine(missed == 0 ? "All goals met." : $"{missed} scenario(s) missed a goal.");
        return missed == 0 ? 0 : 1;
    }

    private static string Describe(Scenario scenario) => scenario.Kind switch
    {
        ScenarioKind.Change when scenario.ExpectedDown is not null => $"changed, 1 restart, {scenario.ExpectedDown} down and in status",
        ScenarioKind.Change when scenario.ExpectedRunning.Length > 0 => $"changed, 1 restart, {string.Join(", ", scenario.ExpectedRunning)} (left down before) runs again",
        ScenarioKind.Change => "changed, 1 restart, dependents run again",
        ScenarioKind.NoOp => "unchanged, no restart",
        ScenarioKind.Staged => "staged, winmgmt not stopped, all running",
        ScenarioKind.Kept => "undone, record kept, to start: " + string.Join(", ", scenario.ExpectedToStart),
        _ => "exactly the prior state",
    };

    private static IEnumerable<string> EndState(Scenario scenario, FakeMachine machine, IReadOnlyList<string> before, IReadOnlyList<string> runningBefore, int restarts, int dependentStops, int runningDependents)
    {
        IReadOnlyList<string> running = machine.FakeServices.RunningServices();
        List<string> notBack = runningBefore.Except(running, StringComparer.OrdinalIgnoreCase).ToList();
        string status = CliRun.Of(machine, "status", "--json").Lines.Single();
        if (scenario.Kind == ScenarioKind.Kept)
        {
            if (!notBack.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).SequenceEqual(scenario.ExpectedToStart.OrderBy(n => n, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
            {
                yield return "not running again: [" + string.Join(", ", notBack) + "], expected [" + string.Join(", ", scenario.ExpectedToStart) + "]";
            }

            IReadOnlyList<string> toStart = machine.FakeRegistry.GetValue(RegistryLocations.StateKey, "ServicesToStart")?.Lines ?? Array.Empty<string>();
            if (!toStart.SequenceEqual(scenario.ExpectedToStart, StringComparer.OrdinalIgnoreCase))
            {
                yield return "the record's ServicesToStart is [" + string.Join(", ", toStart) + "], expected [" + string.Join(", ", scenario.ExpectedToStart) + "]";
            }

            string dependentsDown = "\"dependentsDown\":[" + string.Join(",", scenario.ExpectedToStart.Where(n => n != "winmgmt").Select(n => "\"" + n + "\"")) + "]";
            if (!status.Contains(dependentsDown, StringComparison.Ordinal))
            {
                yield return "status does not say " + dependentsDown;
            }
        }
        else if (!status.Contains("\"dependentsDown\":[]", StringComparison.Ordinal) && scenario.ExpectedDown is null)
        {
            yield return "status names dependents down: " + status;
        }

        foreach (string name in scenario.ExpectedRunning.Where(name => !running.Contains(name, StringComparer.OrdinalIgnoreCase)))
        {
            yield return name + " (left down by an earlier run) does not run";
        }

        if (scenario.Kind == ScenarioKind.Kept)
        {
            // checked above: exactly the services named to start are not running
        }
        else if (scenario.ExpectedDown is string down)
        {
            if (!notBack.SequenceEqual(new[] { down }))
            {
                yield return "not running again: [" + string.Join(", ", notBack) + "], expected [" + down + "]";
            }

            if (!status.Contains($"\"dependentsDown\":[\"{down}\"]", StringComparison.Ordinal))
            {
                yield return "status does not list " + down + " in dependentsDown";
            }
        }
        else if (notBack.Count > 0)
        {
            yield return "not running again: " + string.Join(", ", notBack);
        }

        HostConfiguration after = new HostConfigurationReader(machine.FakeRegistry).Read();
        switch (scenario.Kind)
        {
            case ScenarioKind.Fault:
            case ScenarioKind.NoOp:
                List<string> differences = before.Except(machine.Snapshot()).Concat(machine.Snapshot().Except(before)).ToList();
                if (differences.Count > 0)
                {
                    yield return "not the prior state: " + string.Join(" | ", differences.Take(3));
                }

                if (restarts != 0 && scenario.Kind == ScenarioKind.NoOp)
                {
                    yield return "a no-op restarted winmgmt";
                }

                break;
            case ScenarioKind.Kept:
                List<string> changed = Configuration(before).Except(Configuration(machine.Snapshot())).Concat(Configuration(machine.Snapshot()).Except(Configuration(before))).ToList();
                if (changed.Count > 0)
                {
                    yield return "the configuration is not the prior one: " + string.Join(" | ", changed.Take(3));
                }

                if (!machine.FakeRegistry.KeyExists(RegistryLocations.StateKey))
                {
                    yield return "the record was deleted";
                }

                break;
            case ScenarioKind.Staged:
                if (restarts != 0 || dependentStops != 0 && running.Count != runningBefore.Count)
                {
                    yield return "a staged change restarted winmgmt or left a service stopped";
                }

                if (!status.Contains("\"staged\":true", StringComparison.Ordinal))
                {
                    yield return "status does not say staged";
                }

                if (after.Mode != HostMode.Standalone)
                {
                    yield return "the change is not written";
                }

                break;
            default:
                if (restarts != 1 || dependentStops > runningDependents)
                {
                    yield return $"{restarts} restarts, {dependentStops} dependent stops (one restart, each running dependent stopped once)";
                }

                bool restore = scenario.Command[0] == "restore";
                if (restore ? after.Mode != HostMode.Shared : after.Mode != HostMode.Standalone || after.Port is null)
                {
                    yield return "the configuration is not the target: " + after.Describe();
                }

                break;
        }
    }

    /// <summary>A snapshot without the product key (the record) and the running services: the configuration (registry and the SCM's database).</summary>
    private static IEnumerable<string> Configuration(IReadOnlyList<string> snapshot) =>
        snapshot.Where(line => !line.StartsWith(@"HKLM\" + RegistryLocations.ProductKey, StringComparison.OrdinalIgnoreCase) && !line.StartsWith("running ", StringComparison.Ordinal));

    private static int RunningDependents(FakeMachine machine) =>
        WmiFixedPort.Restart.DependentServices.InStartOrder(machine.FakeServices, "winmgmt").Count(name => machine.FakeServices.Query(name).IsActive);

    private static FakeMachine Enabled()
    {
        FakeMachine machine = FakeMachine.Create();
        CliRun.Of(machine, "enable", "--port", "24158", "--auth-level", "5");
        return machine;
    }

    private static FakeMachine WithEdr(FakeMachine machine, bool hidden)
    {
        FakeService edr = machine.FakeServices.Add("EdrAgent", running: true, "winmgmt");
        edr.LaunchProtected = 3;
        edr.HidesLaunchProtection = hidden;
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

    private static void Slow(FakeMachine machine, TimeSpan stop)
    {
        foreach (string name in new[] { "VendorAgent", "NcaSvc", "iphlpsvc" })
        {
            machine.FakeServices[name].StopDuration = stop;
        }
    }
}
