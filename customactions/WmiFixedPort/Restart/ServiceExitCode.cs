using System.Globalization;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>
/// Why a service stopped, from its SERVICE_STATUS: dwWin32ExitCode, and dwServiceSpecificExitCode when the former is
/// ERROR_SERVICE_SPECIFIC_ERROR (1066) (learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-service_status).
/// </summary>
internal static class ServiceExitCode
{
    public const int ServiceSpecificError = 1066;

    public static string Describe(ServiceStatus status)
    {
        int code = status.Win32ExitCode;
        if (code == ServiceSpecificError)
        {
            return $"service-specific error {Number(status.ServiceSpecificExitCode)} (0x{status.ServiceSpecificExitCode:X8}; Windows error 1066)";
        }

        string? meaning = code switch
        {
            0 => null,
            2 => "the system cannot find the file specified",
            5 => "access denied",
            1053 => "the service did not respond in time",
            1067 => "the process terminated unexpectedly",
            1069 => "logon failure",
            1077 => "no attempts to start the service since the last boot",
            _ => string.Empty,
        };
        return meaning is null ? "it reported no exit code"
            : "Windows error " + Number(code) + (meaning.Length == 0 ? string.Empty : " (" + meaning + ")");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
