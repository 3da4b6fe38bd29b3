using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>What to tell an administrator about the service control errors a restart meets (winerror.h).</summary>
internal static class ServiceErrors
{
    public const int AccessDenied = 5;
    public const int DependentServicesRunning = 1051;
    public const int InvalidServiceControl = 1052;
    public const int CannotAcceptControl = 1061;
    public const int ServiceNotInExe = 1083;

    public static string Explain(WindowsOperationException ex, string service)
    {
        string? advice = ex.ErrorCode switch
        {
            AccessDenied => "access denied (a launch-protected service, or a DACL without this right for this account)",
            DependentServicesRunning => $"a dependent service runs (started meanwhile?); see sc.exe enumdepend {service}",
            InvalidServiceControl => "the service does not accept stop",
            CannotAcceptControl => "the service is busy (starting, stopping or hung); run again later",
            ServiceNotInExe => "its svchost group does not host it (a '-p' ImagePath where svchost is not split?)",
            _ => null,
        };
        return advice is null ? ex.Message : ex.Message + ": " + advice;
    }
}
