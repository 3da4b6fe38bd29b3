using System;
using System.Collections.Generic;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Samples winmgmt's state and PID from the service control manager every 100 ms on a background task. The
/// SCM query does not start winmgmt, so sampling does not change what it measures.</summary>
[SupportedOSPlatform("windows")]
internal sealed class ServiceStateSampler : IDisposable
{
    private readonly List<ServiceSample> _samples = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Task _loop;

    private ServiceStateSampler()
    {
        _samples.Add(Sample());
        _loop = Task.Run(SampleAsync);
    }

    public static ServiceStateSampler Start() => new();

    /// <summary>Stops sampling; the returned sequence ends with one last sample taken after the loop stopped.</summary>
    public IReadOnlyList<ServiceSample> Stop()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        lock (_gate)
        {
            _samples.Add(Sample());
            return _samples.ToArray();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Disposed while sampling: the samples are not wanted any more.
        }

        _stop.Dispose();
    }

    private static ServiceSample Sample()
    {
        ServiceStatus status = ScmServiceControl.Instance.Query(WinmgmtRestarter.Winmgmt);
        return new ServiceSample(DateTime.UtcNow.Ticks, status.State, status.ProcessId);
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                ServiceSample sample = Sample();
                lock (_gate)
                {
                    _samples.Add(sample);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stop() was called.
        }
    }
}
