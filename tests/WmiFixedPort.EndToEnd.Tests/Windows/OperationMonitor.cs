using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Versioning;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>What happened to winmgmt while an operation ran.</summary>
internal sealed record Observation<T>(T Result, int PidBefore, int PidAfter, IReadOnlyList<int> Pids, Sampling Sampling, ServiceOutage Service, WmiAvailability? Wmi)
{
    public RestartCount Restarts => Service.Restarts;
}

/// <summary>Runs an operation under watch: winmgmt's state and PID from the SCM every 100 ms (never wakes winmgmt) and,
/// with <see cref="Sampling.ScmAndWmiClient"/>, also a WMI query every 100 ms (wakes it on demand).</summary>
[SupportedOSPlatform("windows")]
internal static class OperationMonitor
{
    public static Observation<T> Watch<T>(Func<T> operation, Sampling sampling = Sampling.ScmOnly)
    {
        ArgumentNullException.ThrowIfNull(operation);
        using WmiAvailabilityPoller? poller = sampling == Sampling.ScmAndWmiClient ? WmiAvailabilityPoller.Start() : null;
        using ServiceStateSampler sampler = ServiceStateSampler.Start();
        long from = DateTime.UtcNow.Ticks;
        T result = operation();
        long to = DateTime.UtcNow.Ticks;
        IReadOnlyList<ServiceSample> samples = sampler.Stop();
        WmiAvailability? wmi = poller is null ? null : WmiAvailability.Summarize(poller.Stop(), from, to);
        List<int> pids = samples.Select(s => s.ProcessId).ToList();
        return new Observation<T>(result, pids[0], pids[^1], pids, sampling, ServiceOutage.Summarize(samples, samples[0].Ticks, samples[^1].Ticks), wmi);
    }
}
