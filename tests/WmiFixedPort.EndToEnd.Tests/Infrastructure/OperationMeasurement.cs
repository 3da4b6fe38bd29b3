using System;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>One msiexec run of a scenario: exit code, wall time, winmgmt restarts, WMI availability.</summary>
internal sealed record OperationMeasurement(string Scenario, string Operation, int ExitCode, TimeSpan WallTime, RestartCount Restarts, WmiAvailability Wmi);
