using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.Windows;

/// <summary>A local WMI query (Win32_OperatingSystem) every 100 ms, in one long-running powershell.exe that
/// prints "startTicks,endTicks,ok" per query (UTC ticks, comparable with DateTime.UtcNow.Ticks here).</summary>
[SupportedOSPlatform("windows")]
internal sealed class WmiAvailabilityPoller : IDisposable
{
    private const string Loop = """
        while ($true) {
            $start = [DateTime]::UtcNow.Ticks
            $ok = 1
            try { $null = Get-CimInstance -ClassName Win32_OperatingSystem -Property Caption -OperationTimeoutSec 30 -ErrorAction Stop }
            catch { $ok = 0 }
            $end = [DateTime]::UtcNow.Ticks
            [Console]::Out.WriteLine(('{0},{1},{2}' -f $start, $end, $ok))
            [Console]::Out.Flush()
            $wait = 100 - [int](($end - $start) / 10000)
            if ($wait -gt 0) { Start-Sleep -Milliseconds $wait }
        }
        """;

    private readonly Process _process;
    private readonly List<WmiSample> _samples = new();
    private readonly ManualResetEventSlim _firstSample = new(false);
    private readonly object _gate = new();

    private WmiAvailabilityPoller(Process process) => _process = process;

    /// <summary>Starts the poller and waits for its first query to finish, so that the operation under watch
    /// starts with the poller already running.</summary>
    public static WmiAvailabilityPoller Start()
    {
        var startInfo = new ProcessStartInfo(PowerShell.ExePath)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (string argument in PowerShell.Arguments(Loop))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var poller = new WmiAvailabilityPoller(process);
        process.OutputDataReceived += (_, e) => poller.OnLine(e.Data);
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!poller._firstSample.Wait(TimeSpan.FromSeconds(90)))
        {
            poller.Dispose();
            throw new TimeoutException("The WMI availability poller produced no sample within 90 s.");
        }

        return poller;
    }

    /// <summary>Stops polling and returns every sample taken.</summary>
    public IReadOnlyList<WmiSample> Stop()
    {
        StopProcess();
        lock (_gate)
        {
            return _samples.ToArray();
        }
    }

    public void Dispose()
    {
        StopProcess();
        _process.Dispose();
        _firstSample.Dispose();
    }

    private void StopProcess()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // The process was never started or has already been cleaned up: nothing to stop.
        }
    }

    private void OnLine(string? line)
    {
        string[] parts = (line ?? string.Empty).Split(',');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long start)
            || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long end))
        {
            return;
        }

        lock (_gate)
        {
            _samples.Add(new WmiSample(start, end, parts[2].Trim() == "1"));
        }

        _firstSample.Set();
    }
}
