using System.Collections.Generic;

namespace WmiFixedPort.Machine;

/// <summary>The service control manager. Failures throw <see cref="WindowsOperationException"/> with the Windows error code.</summary>
internal interface IServiceControl
{
    ServiceStatus Query(string serviceName);

    /// <summary>The services that depend on this one, directly or not (EnumDependentServices).</summary>
    IReadOnlyList<string> GetDependentServices(string serviceName);

    /// <summary>The services this one depends on directly (its configured dependencies).</summary>
    IReadOnlyList<string> GetDependencies(string serviceName);

    /// <summary>
    /// Opens the service for SERVICE_STOP without sending anything: false when access is denied (a protected
    /// service, or a DACL that grants this account no stop right), so that a stop can be ruled out beforehand.
    /// </summary>
    bool CanStop(string serviceName);

    /// <summary>
    /// The service's launch protection (QueryServiceConfig2W, SERVICE_CONFIG_LAUNCH_PROTECTED): 0 none, 1 Windows,
    /// 2 Windows light, 3 antimalware light. Once launched protected, an unprotected process cannot send it a control
    /// (ControlService, ControlServiceEx), whatever its DACL grants. 0 where Windows does not know the setting.
    /// </summary>
    int LaunchProtection(string serviceName);

    /// <summary>
    /// Asks the service to stop (ControlServiceExW with a stop reason, so the System log says why); returns at once.
    /// Already stopped is not an error. <paramref name="reason"/>: see <see cref="Restart.StopReason"/>.
    /// </summary>
    void Stop(string serviceName, int reason);

    /// <summary>Asks the service to start; returns at once. Already running is not an error.</summary>
    void Start(string serviceName);

    /// <summary>
    /// Changes the service's binary path and/or type (null = no change) in the SCM's database (ChangeServiceConfigW),
    /// which also writes them to the service's registry key. A direct registry write is not seen before a reboot: see
    /// <see cref="HostState.HostConfigurationWriter"/>. Takes effect at the next start of the service.
    /// </summary>
    void ChangeConfiguration(string serviceName, string? binaryPath, int? serviceType);
}
