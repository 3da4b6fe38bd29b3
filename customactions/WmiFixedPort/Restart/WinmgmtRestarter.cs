using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using WmiFixedPort.Commands;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>
/// Restarts winmgmt the way <c>net stop</c>/<c>net start</c> would, but starts again exactly the dependents that
/// were running: stop the running dependents (deepest first), stop winmgmt, start winmgmt, start those dependents
/// in dependency order. It remembers what it did so that <see cref="Recover"/> can bring the services back after
/// a failure.
/// </summary>
internal sealed class WinmgmtRestarter
{
    private const string Winmgmt = RegistryLocations.WinmgmtServiceName;

    private readonly IServiceControl _services;
    private readonly IClock _clock;
    private readonly StepReporter _report;
    private readonly List<string> _runningDependents = new();
    private bool _winmgmtWasRunning;

    public WinmgmtRestarter(IServiceControl services, IClock clock, StepReporter report)
    {
        _services = services;
        _clock = clock;
        _report = report;
    }

    /// <summary>True once this restarter has stopped any service.</summary>
    public bool TouchedServices { get; private set; }

    /// <summary>True once winmgmt has been started again, that is, it runs with the configuration written before.</summary>
    public bool WinmgmtRestarted { get; private set; }

    public void Restart(CommandBudget budget)
    {
        ServiceStatus winmgmt = Query(Winmgmt);
        if (!winmgmt.IsRunning && winmgmt.State != ServiceState.StopPending)
        {
            _report.Step("winmgmt is not running: nothing to restart; the new configuration applies when it next starts.");
            return;
        }

        _winmgmtWasRunning = true;
        IReadOnlyList<string> startOrder = StepFailedException.Guard(
            "List the services that depend on winmgmt",
            () => DependentServices.InStartOrder(_services, Winmgmt));
        List<string> running = startOrder.Where(name => Query(name).IsRunning).ToList();
        _report.Step(running.Count == 0
            ? "No service that depends on winmgmt is running."
            : "Running services that depend on winmgmt: " + string.Join(", ", running) + ".");

        _runningDependents.AddRange(running);
        foreach (string dependent in Enumerable.Reverse(running))
        {
            TouchedServices = true;
            StopAndWait(dependent, "dependent service " + dependent, budget.Stopping, originalProcessId: 0);
        }

        TouchedServices = true;
        StopAndWait(Winmgmt, "winmgmt", budget.Stopping, winmgmt.ProcessId);
        StartWinmgmt(budget.Overall);
        StartDependents(budget.Overall);
    }

    /// <summary>
    /// After a failed command has put the registry back: restart winmgmt if it already runs with the
    /// abandoned configuration, start it if it is down, and start the dependents this restarter stopped.
    /// Problems are reported as errors; it never throws for a service failure.
    /// </summary>
    public bool Recover(Deadline deadline)
    {
        if (!TouchedServices)
        {
            return true;
        }

        try
        {
            if (!WinmgmtRestarted && Query(Winmgmt).State == ServiceState.StartPending)
            {
                // It was still starting, with the abandoned configuration: let it finish, then restart it.
                WinmgmtRestarted = WaitFor(Winmgmt, deadline.Cap(Timeouts.WinmgmtStart), status => status.State != ServiceState.StartPending).State == ServiceState.Running;
            }

            if (WinmgmtRestarted)
            {
                _report.Step("winmgmt already runs with the abandoned configuration: restarting it with the restored one.");
                WinmgmtRestarted = false;
                foreach (string dependent in Enumerable.Reverse(_runningDependents).Where(name => Query(name).IsRunning))
                {
                    StopAndWait(dependent, "dependent service " + dependent, deadline, originalProcessId: 0);
                }

                StopAndWait(Winmgmt, "winmgmt", deadline, Query(Winmgmt).ProcessId);
            }

            if (_winmgmtWasRunning && !Query(Winmgmt).IsRunning)
            {
                WaitFor(Winmgmt, deadline.Cap(Timeouts.ServiceStop), status => status.State != ServiceState.StopPending);
                StartWinmgmt(deadline);
            }

            StartDependents(deadline);
            return true;
        }
        catch (StepFailedException ex)
        {
            _report.Error($"Undo: {ex.Step} failed: {ex.Error}");
            return false;
        }
    }

    private void StopAndWait(string serviceName, string label, Deadline deadline, int originalProcessId)
    {
        string step = "Stop " + label;
        DateTime started = _clock.UtcNow;
        StepFailedException.Guard(step, () => _services.Stop(serviceName));
        TimeSpan limit = deadline.Cap(Timeouts.ServiceStop);

        // A WMI client can start winmgmt again on demand before we see it stopped; a new process id means it
        // already runs with the new configuration, which is what the stop was for.
        ServiceStatus status = WaitFor(
            serviceName,
            limit,
            current => current.State == ServiceState.Stopped
                || (originalProcessId != 0 && current.State == ServiceState.Running && current.ProcessId != originalProcessId));
        if (status.State == ServiceState.Stopped)
        {
            _report.Step($"Stopped {label} ({Seconds(_clock.UtcNow - started)}).");
        }
        else if (status.State == ServiceState.Running && originalProcessId != 0 && status.ProcessId != originalProcessId)
        {
            _report.Step($"Stopped {label}; a WMI client started it again at once (PID {status.ProcessId}).");
        }
        else
        {
            throw new StepFailedException(step, $"still {status.State} after {Seconds(limit)} (timed out)");
        }
    }

    private void StartWinmgmt(Deadline deadline)
    {
        const string step = "Start winmgmt";
        DateTime started = _clock.UtcNow;
        StepFailedException.Guard(step, () => _services.Start(Winmgmt));
        TimeSpan limit = deadline.Cap(Timeouts.WinmgmtStart);
        ServiceStatus status = WaitFor(Winmgmt, limit, current => current.State == ServiceState.Running);
        if (status.State != ServiceState.Running)
        {
            throw new StepFailedException(step, $"still {status.State} after {Seconds(limit)} (timed out)");
        }

        WinmgmtRestarted = true;
        _report.Step($"Started winmgmt, PID {status.ProcessId} ({Seconds(_clock.UtcNow - started)}).");
    }

    private void StartDependents(Deadline deadline)
    {
        foreach (string dependent in _runningDependents.Where(name => Query(name).State != ServiceState.Running).ToList())
        {
            if (TryStart(dependent, deadline, out string error) || TryStart(dependent, deadline, out error))
            {
                _report.Step($"Started dependent service {dependent}.");
            }
            else
            {
                _report.Warning($"Dependent service {dependent} did not start again (tried twice): {error}. Start it by hand: sc.exe start {dependent}");
            }
        }
    }

    private bool TryStart(string serviceName, Deadline deadline, out string error)
    {
        try
        {
            TimeSpan limit = deadline.Cap(Timeouts.DependentStart);
            if (Query(serviceName).State == ServiceState.StopPending)
            {
                WaitFor(serviceName, limit, current => current.State == ServiceState.Stopped);
            }

            _services.Start(serviceName);
            ServiceStatus status = WaitFor(serviceName, limit, current => current.State == ServiceState.Running);
            error = status.State == ServiceState.Running ? string.Empty : $"still {status.State} after {Seconds(limit)}";
            return status.State == ServiceState.Running;
        }
        catch (WindowsOperationException ex)
        {
            error = ex.Message;
            return false;
        }
        catch (StepFailedException ex)
        {
            error = ex.Error;
            return false;
        }
    }

    private ServiceStatus WaitFor(string serviceName, TimeSpan limit, Func<ServiceStatus, bool> done)
    {
        DateTime until = _clock.UtcNow + limit;
        while (true)
        {
            ServiceStatus status = Query(serviceName);
            if (done(status) || _clock.UtcNow >= until)
            {
                return status;
            }

            TimeSpan left = until - _clock.UtcNow;
            _clock.Sleep(left < Timeouts.PollInterval ? left : Timeouts.PollInterval);
        }
    }

    private ServiceStatus Query(string serviceName) =>
        StepFailedException.Guard("Query service " + serviceName, () => _services.Query(serviceName));

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
