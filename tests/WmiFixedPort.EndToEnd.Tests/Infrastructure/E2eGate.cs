using System;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>Whether the end-to-end scenarios were asked for. Public because MSTest's MemberCondition reads it.</summary>
public static class E2eGate
{
    public const string EnableVariable = "WMIFIXEDPORT_E2E";

    /// <summary>True on Windows with WMIFIXEDPORT_E2E=1. Elevation and the MSI paths are checked later and fail
    /// the run when missing: a lane that asked for the scenarios must not pass by skipping them.</summary>
    public static bool IsRequested => OperatingSystem.IsWindows() && IsEnabled(Environment.GetEnvironmentVariable(EnableVariable));

    public static bool IsEnabled(string? value) => string.Equals(value?.Trim(), "1", StringComparison.Ordinal);
}
