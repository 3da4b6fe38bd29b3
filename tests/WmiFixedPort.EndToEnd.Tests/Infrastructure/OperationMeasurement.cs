using System;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>How an operation was watched. <see cref="ScmOnly"/> never wakes winmgmt; <see cref="ScmAndWmiClient"/> adds a
/// WMI query every 100 ms, which starts winmgmt on demand whenever it finds it stopped (an aggressive client).</summary>
internal enum Sampling
{
    ScmOnly,
    ScmAndWmiClient,
}

/// <summary>One msiexec run of a scenario: exit code, wall time, winmgmt as the SCM saw it, and (when a WMI client was
/// polling) what that client saw.</summary>
internal sealed record OperationMeasurement(string Scenario, string Operation, int ExitCode, TimeSpan WallTime, Sampling Sampling, ServiceOutage Service, WmiAvailability? Wmi)
{
    public RestartCount Restarts => Service.Restarts;
}
