using System;

namespace WmiFixedPort.Restart;

/// <summary>
/// A service refused the stop at run time with access denied (5: launch-protected, or a DACL without SERVICE_STOP)
/// or ERROR_DEPENDENT_SERVICES_RUNNING (1051: a dependent that cannot be stopped runs), before winmgmt stopped:
/// the restarter has started again what it stopped, and the command stages the change instead of failing.
/// </summary>
internal sealed class StopRefusedException : Exception
{
    public StopRefusedException(string service, string reason)
        : base($"{service} refused the stop: {reason}")
    {
        Service = service;
        Reason = reason;
    }

    public StopRefusedException()
    {
        Service = string.Empty;
        Reason = string.Empty;
    }

    public StopRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Service = string.Empty;
        Reason = message;
    }

    public string Service { get; }

    public string Reason { get; }
}
