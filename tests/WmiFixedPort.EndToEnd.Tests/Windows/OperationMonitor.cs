using System;
using System.Collections.Generic;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>What happened to winmgmt while an operation ran.</summary>
internal sealed record Observation<T>(T Result, int PidBefore, int PidAfter, IReadOnlyList<int> Pids, RestartCount Restarts, WmiAvailability Wmi);

/// <summary>Runs an operation under watch: winmgmt's PID sampled every 100 ms and a WMI query every 100 ms.</summary>
[SupportedOSPlatform("windows")]
internal static class OperationMonitor
{
    public static Observation<T> Watch<T>(Func<T> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        using WmiAvailabilityPoller poller = WmiAvailabilityPoller.Start();
        using PidSampler sampler = PidSampler.Start();
        long from = DateTime.UtcNow.Ticks;
        T result = operation();
        long to = DateTime.UtcNow.Ticks;
        IReadOnlyList<int> pids = sampler.Stop();
        IReadOnlyList<WmiSample> samples = poller.Stop();
        return new Observation<T>(result, pids[0], pids[^1], pids, RestartCount.FromPids(pids), WmiAvailability.Summarize(samples, from, to));
    }
}
