using System;
using System.Collections.Generic;

namespace WmiFixedPort.EndToEnd.Tests.Infrastructure;

/// <summary>SERVICE_STATUS.dwCurrentState (winsvc.h): 1 stopped ... 7 paused.</summary>
internal enum ServiceState
{
    Unknown = 0,
    Stopped = 1,
    StartPending = 2,
    StopPending = 3,
    Running = 4,
    ContinuePending = 5,
    PausePending = 6,
    Paused = 7,
}

/// <summary>A service's state and the PID of its process (0 when it has none), as QueryServiceStatusEx reports them.</summary>
internal readonly record struct ServiceStatus(ServiceState State, int ProcessId);

/// <summary>A service control request that the SCM refused, with its Win32 error code.</summary>
internal sealed class ServiceControlException : Exception
{
    public ServiceControlException()
    {
    }

    public ServiceControlException(string message)
        : base(message)
    {
    }

    public ServiceControlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServiceControlException(int errorCode, string message)
        : base(message) => ErrorCode = errorCode;

    public int ErrorCode { get; }
}

/// <summary>Win32 error codes of ControlService and StartService that the restart handles (learn.microsoft.com,
/// ControlService and StartServiceW "Return value").</summary>
internal static class ServiceErrors
{
    /// <summary>ControlService(STOP): other running services depend on this one.</summary>
    public const int DependentServicesRunning = 1051;

    /// <summary>StartService: an instance of the service is already running.</summary>
    public const int AlreadyRunning = 1056;

    /// <summary>ControlService: the service cannot accept control messages at this time (e.g. START_PENDING).</summary>
    public const int CannotAcceptControl = 1061;

    /// <summary>ControlService(STOP): the service has not been started.</summary>
    public const int NotActive = 1062;
}

/// <summary>The service control manager as the harness uses it. Requests do not wait: the caller polls
/// <see cref="Query"/>, which only asks the SCM and never starts a service (unlike a WMI query, which starts winmgmt
/// on demand).</summary>
internal interface IServiceControl
{
    ServiceStatus Query(string service);

    /// <summary>The services that depend on <paramref name="service"/>, as EnumDependentServices(SERVICE_STATE_ALL)
    /// returns them: reverse start order.</summary>
    IReadOnlyList<string> DependentsOf(string service);

    /// <summary>ControlService(SERVICE_CONTROL_STOP); a refusal throws <see cref="ServiceControlException"/>.</summary>
    void RequestStop(string service);

    /// <summary>StartService; a refusal throws <see cref="ServiceControlException"/>.</summary>
    void RequestStart(string service);
}
