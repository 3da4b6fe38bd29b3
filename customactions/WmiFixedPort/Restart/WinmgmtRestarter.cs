using System;
using System.Collections.Generic;
using System.Linq;
using WmiFixedPort.Commands;
using WmiFixedPort.HostState;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>
/// Restarts winmgmt the way <c>net stop</c>/<c>net start</c> would, but starts again exactly the dependents that
/// were running (or paused): stop them (deepest first), stop winmgmt, start winmgmt, start those dependents in
/// dependency order. It remembers what it did so that <see cref="Recover"/> can bring the services back after a
/// failure, and <see cref="NotRunningAgain"/> names what it could not. Every stop carries a planned-reconfiguration
/// reason (<see cref="StopReason"/>). A stop refused with 5 or 1051 before winmgmt stopped (a launch-protected
/// dependent the preflight could not see) starts again what was stopped and throws <see cref="StopRefusedException"/>:
/// the command stages the change. A dependent that does not start again after three attempts is reported as an
/// error and listed in <see cref="DependentsDown"/>. Only the services this restarter stopped are started again: a
/// paused dependent it never reached (a stop refused before it) stays as it was.
/// </summary>
internal sealed class WinmgmtRestarter
{
    private const string Winmgmt = RegistryLocations.WinmgmtServiceName;

    private readonly IServiceControl _services;
    private readonly IClock _clock;
    private readonly StepReporter _report;
    private readonly List<string> _runningDependents = new();
    private readonly List<string> _paused = new();
    private readonly List<string> _dependentsDown = new();
    private readonly HashSet<string> _startAttempted = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _stopped = new(StringComparer.OrdinalIgnoreCase);
    private bool _winmgmtWasRunning;
    private DateTime? _winmgmtDownSince;

    public WinmgmtRestarter(IServiceControl services, IClock clock, StepReporter report, OperationDeadline deadline)
    {
        _services = services;
        _clock = clock;
        _report = report;
        Deadline = deadline;
    }

    /// <summary>The command's deadline: stops and winmgmt's start end at it.</summary>
    public OperationDeadline Deadline { get; }

    /// <summary>Dependents that were running before and did not start again (three attempts), in start order.</summary>
    public IReadOnlyList<string> DependentsDown => _dependentsDown;

    /// <summary>True when this restarter tried to start the service (so the leftovers of an earlier run are not tried twice).</summary>
    public bool WasStartAttempted(string name) => _startAttempted.Contains(name);

    /// <summary>How long winmgmt was not running during this command's restart (null when it was not stopped).</summary>
    public TimeSpan? WmiDowntime { get; private set; }

    /// <summary>True once this restarter has stopped any service.</summary>
    public bool TouchedServices { get; private set; }

    /// <summary>True once winmgmt has been started again, that is, it runs with the configuration written before.</summary>
    public bool WinmgmtRestarted { get; private set; }

    public void Restart()
    {
        ServiceStatus winmgmt = Query(Winmgmt);
        if (!winmgmt.IsActive)
        {
            _report.Step("winmgmt is not running: nothing to restart; the new configuration applies when it next starts.");
            return;
        }

        _winmgmtWasRunning = true;
        IReadOnlyList<string> startOrder = StepFailedException.Guard(
            "List the services that depend on winmgmt",
            () => DependentServices.InStartOrder(_services, Winmgmt));
        var running = new List<string>();
        foreach (string name in startOrder)
        {
            ServiceStatus status = Query(name);
            if (status.IsActive)
            {
                running.Add(name);
            }

            if (status.State == ServiceState.Paused)
            {
                _paused.Add(name);
            }
        }

        if (winmgmt.State == ServiceState.Paused)
        {
            _paused.Add(Winmgmt);
        }

        _report.Step(running.Count == 0
            ? "No service that depends on winmgmt is running."
            : "Running services that depend on winmgmt: " + string.Join(", ", running) + ".");

        _runningDependents.AddRange(running);
        try
        {
            foreach (string dependent in Enumerable.Reverse(running))
            {
                TouchedServices = true;
                StopAndWait(dependent, "dependent service " + dependent, originalProcessId: 0);
            }

            TouchedServices = true;
            StopAndWait(Winmgmt, "winmgmt", winmgmt.ProcessId);
        }
        catch (StopRefusedException)
        {
            // winmgmt still runs in its old process: bring back what was stopped, and let the command stage the change.
            _report.Step("Starting again the dependents already stopped.");
            StartDependents();
            TouchedServices = false;
            throw;
        }

        StartWinmgmt();
        StartDependents();
        foreach (string name in _paused)
        {
            _report.Warning($"{name} was paused and now runs (sc.exe pause {name} pauses it again).");
        }
    }

    /// <summary>
    /// After a failed command has put the registry back: restart winmgmt if it already runs with the
    /// abandoned configuration, start it if it is down, and start the dependents this restarter stopped.
    /// Problems are reported as errors; it never throws for a service failure.
    /// </summary>
    public bool Recover()
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
                WinmgmtRestarted = RecoveryWaiter.Wait(Winmgmt, status => status.State != ServiceState.StartPending, Timeouts.ServiceStart, out _).State == ServiceState.Running;
            }

            if (WinmgmtRestarted)
            {
                _report.Step("winmgmt already runs with the abandoned configuration: restarting it with the restored one.");
                WinmgmtRestarted = false;
                foreach (string dependent in Enumerable.Reverse(_runningDependents).Where(name => Query(name).IsActive))
                {
                    StopAndWait(dependent, "dependent service " + dependent, originalProcessId: 0, RecoveryWaiter);
                }

                StopAndWait(Winmgmt, "winmgmt", Query(Winmgmt).ProcessId, RecoveryWaiter);
            }

            if (_winmgmtWasRunning && !Query(Winmgmt).IsRunning)
            {
                RecoveryWaiter.Wait(Winmgmt, status => status.State != ServiceState.StopPending, Timeouts.ServiceStop, out _);
                StartWinmgmt(RecoveryWaiter);
            }

            StartDependents();

            // Complete only when winmgmt runs again (not merely START_PENDING: a start that hangs runs the abandoned
            // configuration once it ends) and every dependent it stopped runs again; otherwise the command keeps the
            // record and notes what to start (NotRunningAgain).
            bool winmgmtBack = !_stopped.Contains(Winmgmt) || Query(Winmgmt).State == ServiceState.Running;
            if (!winmgmtBack)
            {
                _report.Error($"Undo: winmgmt does not run again (it is {Query(Winmgmt).State}).");
            }

            return winmgmtBack && _dependentsDown.Count == 0;
        }
        catch (Exception ex) when (ex is StepFailedException or StopRefusedException)
        {
            _report.Error("Undo: " + (ex is StepFailedException step ? $"{step.Step} failed: {step.Error}" : ex.Message));
            return false;
        }
    }

    /// <summary>
    /// The services this restarter stopped that do not run now (RUNNING; a service still START_PENDING counts as not
    /// running), winmgmt first, then the dependents in start order.
    /// </summary>
    public IReadOnlyList<string> NotRunningAgain() =>
        new[] { Winmgmt }.Concat(_runningDependents).Where(name => _stopped.Contains(name) && !RunsNow(name, strictly: true)).ToList();

    /// <summary>True when the service runs now (RUNNING, or also START_PENDING / CONTINUE_PENDING unless strictly); false when it cannot be queried.</summary>
    public bool RunsNow(string name, bool strictly = false)
    {
        try
        {
            ServiceStatus status = _services.Query(name);
            return strictly ? status.State == ServiceState.Running : status.IsRunning;
        }
        catch (WindowsOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts services left stopped by an earlier incomplete undo (winmgmt first), or, with <paramref name="earlierDependents"/>,
    /// dependents an earlier run left not running (still down: an error naming them); returns those still stopped.
    /// </summary>
    public IReadOnlyList<string> StartLeftovers(IReadOnlyList<string> services, bool earlierDependents = false)
    {
        var failed = new List<string>();
        foreach (string name in services.Where(name => !RunsNow(name)))
        {
            _startAttempted.Add(name);
            if (TryStart(name, out string error) || TryStart(name, out error))
            {
                _report.Step(earlierDependents ? $"Started dependent service {name} (not running again after an earlier run)." : $"Started {name} (left stopped by an earlier undo).");
            }
            else if (earlierDependents)
            {
                _report.Error($"Dependent service {name} (not running again after an earlier run) still does not start: {error}. Start it by hand: sc.exe start {name}");
                failed.Add(name);
            }
            else
            {
                _report.Warning($"{name} did not start: {error}. Start it by hand: sc.exe start {name}");
                failed.Add(name);
            }
        }

        return failed;
    }

    private ServiceWaiter Waiter => new(_services, _clock, Deadline);

    private ServiceWaiter RecoveryWaiter => new(_services, _clock, Deadline.Recovery());

    private void StopAndWait(string serviceName, string label, int originalProcessId, ServiceWaiter? waiter = null)
    {
        string step = "Stop " + label;
        DateTime started = Now;
        if (waiter is null)
        {
            Deadline.Check(step);
        }

        // A service in START_PENDING, CONTINUE_PENDING or PAUSE_PENDING refuses a stop (ControlServiceExW:
        // ERROR_SERVICE_CANNOT_ACCEPT_CTRL, 1061), e.g. one the SCM's recovery action is restarting: wait until it
        // settles, as the preflight does. One already stopping is waited for below instead of being sent another stop.
        ServiceStatus current = Query(serviceName);
        if (current.IsPending && current.State != ServiceState.StopPending)
        {
            current = (waiter ?? Waiter).Wait(serviceName, status => !status.IsPending || status.State == ServiceState.StopPending, Timeouts.ServiceStart, out string? pending);
            if (pending is not null)
            {
                throw new StepFailedException(step, "before the stop: " + pending);
            }
        }

        if (current.State == ServiceState.Stopped)
        {
            _stopped.Add(serviceName);
            _report.Step($"{Capitalized(label)} had stopped meanwhile.");
            return;
        }

        try
        {
            if (current.State != ServiceState.StopPending)
            {
                _services.Stop(serviceName, StopReason.PlannedReconfiguration);
                if (serviceName == Winmgmt)
                {
                    _winmgmtDownSince ??= Now;
                }
            }

            _stopped.Add(serviceName);
        }
        catch (WindowsOperationException ex) when (waiter is null && !WinmgmtRestarted
            && ex.ErrorCode is ServiceErrors.AccessDenied or ServiceErrors.DependentServicesRunning or ServiceErrors.InvalidServiceControl)
        {
            throw new StopRefusedException(serviceName, ServiceErrors.Explain(ex, serviceName));
        }
        catch (WindowsOperationException ex)
        {
            throw new StepFailedException(step, ServiceErrors.Explain(ex, serviceName));
        }

        // A WMI client can start winmgmt again on demand before we see it stopped; a new process id means it
        // already runs with the new configuration, which is what the stop was for.
        ServiceStatus status = (waiter ?? Waiter).Wait(
            serviceName,
            current => current.State == ServiceState.Stopped
                || (originalProcessId != 0 && current.State == ServiceState.Running && current.ProcessId != originalProcessId),
            Timeouts.ServiceStop,
            out string? gaveUp);
        if (status.State == ServiceState.Stopped)
        {
            _report.Step($"Stopped {label} ({ServiceWaiter.Seconds(Now - started)}).");
        }
        else if (gaveUp is null)
        {
            _report.Step($"Stopped {label}; a WMI client started it again at once (PID {status.ProcessId}).");
        }
        else
        {
            throw new StepFailedException(step, gaveUp + " (timed out)");
        }
    }

    private static string Capitalized(string label) => char.ToUpperInvariant(label[0]) + label.Substring(1);

    private void StartWinmgmt(ServiceWaiter? waiter = null)
    {
        const string step = "Start winmgmt";
        DateTime started = Now;
        _winmgmtDownSince ??= Now;
        if (Query(Winmgmt).State == ServiceState.StopPending)
        {
            throw new StepFailedException(step, "it is still stopping (a start now would be taken for 'already running')");
        }

        try
        {
            _services.Start(Winmgmt);
        }
        catch (WindowsOperationException ex)
        {
            throw new StepFailedException(step, ServiceErrors.Explain(ex, Winmgmt));
        }

        // Starting winmgmt brings WMI back: like every start, it may use the recovery allowance past the deadline.
        ServiceStatus status = (waiter ?? RecoveryWaiter).WaitForStart(Winmgmt, Timeouts.ServiceStart, out string? gaveUp);
        if (gaveUp is not null)
        {
            throw new StepFailedException(step, gaveUp);
        }

        WinmgmtRestarted = true;
        _report.Step($"Started winmgmt, PID {status.ProcessId} ({ServiceWaiter.Seconds(Now - started)}).");
        if (_winmgmtDownSince is DateTime since)
        {
            WmiDowntime = (WmiDowntime ?? TimeSpan.Zero) + (Now - since);
            _winmgmtDownSince = null;
            _report.Step($"WMI was unavailable for {ServiceWaiter.Seconds(WmiDowntime.Value)} (winmgmt stopped to running again).");
        }
    }

    /// <summary>
    /// Starts the dependents that were running and that this restarter stopped, in dependency order, twice each if need be; those that still do not
    /// run get a last attempt after the others (one of them may need a service started later) and a pause. A
    /// dependent that does not run after that is an error naming it, and is listed in <see cref="DependentsDown"/>.
    /// </summary>
    private void StartDependents()
    {
        var failed = new List<string>();
        foreach (string dependent in _runningDependents.Where(name => _stopped.Contains(name) && Query(name).State != ServiceState.Running).ToList())
        {
            _startAttempted.Add(dependent);
            if (TryStart(dependent, out string error) || TryStart(dependent, out error))
            {
                _report.Step($"Started dependent service {dependent}.");
                _dependentsDown.Remove(dependent);
            }
            else
            {
                _report.Step($"Dependent service {dependent} did not start (tried twice): {error}. Trying once more after the others.");
                failed.Add(dependent);
            }
        }

        if (failed.Count > 0)
        {
            _clock.Sleep(Deadline.Recovery().Cap(Timeouts.DependentRetryPause));
        }

        foreach (string dependent in failed)
        {
            if (TryStart(dependent, out string error))
            {
                _report.Step($"Started dependent service {dependent} (third attempt).");
                _dependentsDown.Remove(dependent);
            }
            else
            {
                _report.Error($"Dependent service {dependent} was running before and does not run again (tried 3 times): {error}. Start it by hand: sc.exe start {dependent}");
                if (!_dependentsDown.Contains(dependent, StringComparer.OrdinalIgnoreCase))
                {
                    _dependentsDown.Add(dependent);
                }
            }
        }
    }

    private bool TryStart(string serviceName, out string error)
    {
        try
        {
            // StartService on a service still stopping fails with 1056 (its instance still runs), which the adapter
            // takes for "already running": the start would be lost and the wait would see it stop. Say so instead.
            if (Query(serviceName).State == ServiceState.StopPending)
            {
                RecoveryWaiter.Wait(serviceName, current => current.State == ServiceState.Stopped, Timeouts.DependentStart, out string? stillStopping);
                if (stillStopping is not null)
                {
                    error = $"it is still stopping ({stillStopping})";
                    return false;
                }
            }

            try
            {
                _services.Start(serviceName);
            }
            catch (WindowsOperationException ex)
            {
                error = ServiceErrors.Explain(ex, serviceName);
                return false;
            }

            RecoveryWaiter.WaitForStart(serviceName, Timeouts.DependentStart, out string? gaveUp);
            error = gaveUp ?? string.Empty;
            return gaveUp is null;
        }
        catch (StepFailedException ex)
        {
            error = ex.Error;
            return false;
        }
    }

    private DateTime Now => _clock.UtcNow;

    private ServiceStatus Query(string serviceName) =>
        StepFailedException.Guard("Query service " + serviceName, () => _services.Query(serviceName));
}
