using System;
using System.Collections.Generic;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>Samples winmgmt's PID from the service control manager every 100 ms on a background task.</summary>
[SupportedOSPlatform("windows")]
internal sealed class PidSampler : IDisposable
{
    private readonly List<int> _pids = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Task _loop;

    private PidSampler()
    {
        _pids.Add(WinmgmtService.ProcessId());
        _loop = Task.Run(SampleAsync);
    }

    public static PidSampler Start() => new();

    /// <summary>Stops sampling; the returned sequence ends with one last sample taken after the loop stopped.</summary>
    public IReadOnlyList<int> Stop()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        lock (_gate)
        {
            _pids.Add(WinmgmtService.ProcessId());
            return _pids.ToArray();
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

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                int pid = WinmgmtService.ProcessId();
                lock (_gate)
                {
                    _pids.Add(pid);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stop() was called.
        }
    }
}
