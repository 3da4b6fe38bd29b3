using System;
using System.Globalization;
using WmiFixedPort.Commands;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>
/// Waits for a service to reach a state the way Microsoft's "Starting a Service" sample does: poll at a tenth of
/// dwWaitHint, treat a growing dwCheckPoint as progress, and give up when no progress came for longer than the wait
/// hint (at least <see cref="Timeouts.NoProgress"/>), when the cap is reached, or when the command's deadline comes.
/// </summary>
internal sealed class ServiceWaiter
{
    private readonly IServiceControl _services;
    private readonly IClock _clock;
    private readonly OperationDeadline? _deadline;

    public ServiceWaiter(IServiceControl services, IClock clock, OperationDeadline? deadline = null)
    {
        _services = services;
        _clock = clock;
        _deadline = deadline;
    }

    /// <summary>
    /// Waits for a service just asked to start to run. A service that falls back to STOPPED has failed: the wait ends
    /// at once, with its exit code (SERVICE_STATUS dwWin32ExitCode / dwServiceSpecificExitCode) as the reason.
    /// </summary>
    public ServiceStatus WaitForStart(string serviceName, TimeSpan cap, out string? gaveUp)
    {
        ServiceStatus status = Wait(serviceName, current => current.State is ServiceState.Running or ServiceState.Stopped, cap, out gaveUp);
        if (gaveUp is null && status.State == ServiceState.Stopped)
        {
            gaveUp = "it stopped again while starting: " + ServiceExitCode.Describe(status);
        }

        return status;
    }

    /// <summary>Waits until <paramref name="done"/>; returns the last status and, when not done, why the wait ended.</summary>
    public ServiceStatus Wait(string serviceName, Func<ServiceStatus, bool> done, TimeSpan cap, out string? gaveUp)
    {
        bool deadlineFirst = _deadline is not null && _deadline.Remaining < cap;
        cap = _deadline?.Cap(cap) ?? cap;
        DateTime start = _clock.UtcNow;
        DateTime lastProgress = start;
        ServiceStatus status = Query(serviceName);
        int checkPoint = status.CheckPoint;
        ServiceState state = status.State;
        while (true)
        {
            if (done(status))
            {
                gaveUp = null;
                return status;
            }

            DateTime now = _clock.UtcNow;
            if (status.CheckPoint != checkPoint || status.State != state)
            {
                checkPoint = status.CheckPoint;
                state = status.State;
                lastProgress = now;
            }

            TimeSpan hint = TimeSpan.FromMilliseconds(Math.Max(0, status.WaitHintMilliseconds));
            TimeSpan stall = hint > Timeouts.NoProgress ? hint : Timeouts.NoProgress;
            if (now - lastProgress > stall)
            {
                gaveUp = $"still {status.State} after {Seconds(now - start)}, no progress for {Seconds(now - lastProgress)} (wait hint {Seconds(hint)})";
                return status;
            }

            if (now - start >= cap)
            {
                gaveUp = deadlineFirst
                    ? $"still {status.State} after {Seconds(now - start)}, when the command's deadline came ({_deadline!.Describe()})"
                    : $"still {status.State} after {Seconds(now - start)} (limit {Seconds(cap)})";
                return status;
            }

            TimeSpan poll = TimeSpan.FromTicks(hint.Ticks / 10);
            poll = poll < Timeouts.MinimumPoll ? Timeouts.MinimumPoll : poll > Timeouts.MaximumPoll ? Timeouts.MaximumPoll : poll;
            TimeSpan left = cap - (now - start);
            poll = poll > left && left > TimeSpan.Zero ? left : poll;
            _clock.Sleep(poll);
            status = Query(serviceName);
        }
    }

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private ServiceStatus Query(string serviceName) =>
        StepFailedException.Guard("Query service " + serviceName, () => _services.Query(serviceName));
}
