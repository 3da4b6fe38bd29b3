using System;
using System.Globalization;
using System.Linq;
using WmiFixedPort.Tests.TestInfrastructure;

namespace WmiFixedPort.Benchmarks;

/// <summary>The counters of the fake Windows at one moment; the difference of two is what a command cost.</summary>
internal sealed class Measurement
{
    private Measurement(int winmgmtStarts, int dependentStops, TimeSpan unavailable, TimeSpan clock)
    {
        WinmgmtStarts = winmgmtStarts;
        DependentStops = dependentStops;
        Unavailable = unavailable;
        Clock = clock;
    }

    public int WinmgmtStarts { get; }

    public int DependentStops { get; }

    public TimeSpan Unavailable { get; }

    public TimeSpan Clock { get; }

    public static Measurement Of(FakeMachine machine) => new(
        machine.WinmgmtRestarts,
        machine.FakeServices.All.Where(service => !string.Equals(service.Name, "winmgmt", StringComparison.OrdinalIgnoreCase)).Sum(service => service.Stops),
        machine.FakeServices.WinmgmtUnavailable,
        machine.Clock.Elapsed);

    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
