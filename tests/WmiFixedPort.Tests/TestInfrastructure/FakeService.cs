using System;
using System.Collections.Generic;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>One service of the fake service control manager, with the faults a test can arm.</summary>
internal sealed class FakeService
{
    public FakeService(string name, IEnumerable<string> dependencies)
    {
        Name = name;
        Dependencies = new List<string>(dependencies);
    }

    public string Name { get; }

    public List<string> Dependencies { get; }

    public ServiceState State { get; set; } = ServiceState.Stopped;

    public int ProcessId { get; set; }

    /// <summary>How long a stop takes; <see cref="TimeSpan.MaxValue"/> means it never finishes.</summary>
    public TimeSpan StopDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a start takes; <see cref="TimeSpan.MaxValue"/> means it never finishes.</summary>
    public TimeSpan StartDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many of the next start requests fail at once (as with ERROR_SERVICE_REQUEST_TIMEOUT).</summary>
    public int FailingStarts { get; set; }

    /// <summary>When true, a WMI client starts the service again the moment it has stopped.</summary>
    public bool RestartedOnDemand { get; set; }

    public DateTime PendingUntil { get; set; }

    public int Starts { get; set; }

    public int Stops { get; set; }
}
