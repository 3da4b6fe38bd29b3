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

    /// <summary>How long a stop takes; <see cref="TimeSpan.MaxValue"/> means it never finishes (and reports no progress).</summary>
    public TimeSpan StopDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a start takes; <see cref="TimeSpan.MaxValue"/> means it never finishes (and reports no progress).</summary>
    public TimeSpan StartDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// False for a service that stays pending without advancing dwCheckPoint (a hang, even if it ends later).
    /// A healthy service advances it about once a second (SERVICE_STATUS: "the check-point value the service
    /// increments periodically to report its progress during a lengthy start, stop, pause, or continue operation").
    /// </summary>
    public bool ReportsProgress { get; set; } = true;

    /// <summary>dwWaitHint while pending: the service's estimate of the time to its next checkpoint.</summary>
    public TimeSpan WaitHint { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>False for a running service that does not set SERVICE_ACCEPT_STOP in dwControlsAccepted.</summary>
    public bool AcceptsStop { get; set; } = true;

    /// <summary>
    /// A protected service such as Security Center (wscsvc, LaunchProtected = 2): its DACL gives Administrators and
    /// SYSTEM no SERVICE_STOP, so OpenService for stop access and ControlService fail with access denied (5), and a
    /// stop of the service it depends on fails with ERROR_DEPENDENT_SERVICES_RUNNING (1051) while it runs
    /// (shared/docs/wmi-fixed-port.md, "Dependents that cannot be stopped").
    /// </summary>
    public bool Protected { get; set; }

    /// <summary>
    /// The service's launch protection (SERVICE_LAUNCH_PROTECTED_INFO.dwLaunchProtected: 0 none, 1 Windows, 2 Windows
    /// light, 3 antimalware light), as QueryServiceConfig2W(SERVICE_CONFIG_LAUNCH_PROTECTED) reports it. Microsoft Learn,
    /// SERVICE_LAUNCH_PROTECTED_INFO (learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-service_launch_protected_info):
    /// "Once the service is launched as protected, other unprotected processes will not be able to call the following
    /// APIs on the protected service: ChangeServiceConfig, ChangeServiceConfig2, ControlService, ControlServiceEx,
    /// DeleteService, SetServiceObjectSecurity." Its DACL may still let SYSTEM open it for SERVICE_STOP (an EDR agent),
    /// so <see cref="FakeServiceControlManager.CanStop"/> is true and the stop itself fails with access denied (5).
    /// </summary>
    public int LaunchProtected { get; set; }

    /// <summary>When true, QueryServiceConfig2 does not report the launch protection (the preflight cannot see it).</summary>
    public bool HidesLaunchProtection { get; set; }

    /// <summary>
    /// A DACL that denies this account SERVICE_QUERY_CONFIG: OpenService for QueryServiceConfigW / QueryServiceConfig2W
    /// fails with access denied (5), so its dependencies cannot be read and the adapter reports no launch protection
    /// (see <see cref="FakeServiceControlManager.GetDependencies"/>).
    /// </summary>
    public bool DeniesQueryConfig { get; set; }

    /// <summary>
    /// How many of the next starts fall back to STOPPED after START_PENDING, reporting <see cref="ExitCode"/> and
    /// <see cref="ServiceSpecificExitCode"/> in SERVICE_STATUS (dwWin32ExitCode "The error code the service uses to report
    /// an error that occurs when it is starting or stopping"; dwServiceSpecificExitCode "ignored unless the
    /// dwWin32ExitCode member is set to ERROR_SERVICE_SPECIFIC_ERROR" (1066): learn.microsoft.com/windows/win32/api/
    /// winsvc/ns-winsvc-service_status).
    /// </summary>
    public int StartsThatStopAgain { get; set; }

    /// <summary>dwWin32ExitCode reported after a start that stopped again (default 1067, the process terminated unexpectedly).</summary>
    public int ExitCode { get; set; } = 1067;

    public int ServiceSpecificExitCode { get; set; }

    /// <summary>The exit codes of the current stopped state (set when a start stopped again, cleared by a start).</summary>
    public int ReportedExitCode { get; set; }

    public int ReportedServiceSpecificExitCode { get; set; }

    /// <summary>True while the current start will fall back to STOPPED.</summary>
    public bool StartWillStopAgain { get; set; }

    /// <summary>The dwReason of every stop request (ControlServiceExW, SERVICE_CONTROL_STATUS_REASON_PARAMSW).</summary>
    public List<int> StopReasons { get; } = new();

    /// <summary>How many of the next start requests fail at once (as with ERROR_SERVICE_REQUEST_TIMEOUT).</summary>
    public int FailingStarts { get; set; }

    /// <summary>The Windows error the next stop request fails with, once (e.g. 1061, 1052).</summary>
    public int? NextStopError { get; set; }

    /// <summary>The Windows error the next start request fails with, once (e.g. 1083).</summary>
    public int? NextStartError { get; set; }

    /// <summary>When true, a WMI client starts the service again the moment it has stopped.</summary>
    public bool RestartedOnDemand { get; set; }

    public DateTime PendingSince { get; set; }

    /// <summary>When the service's current process started (it reached Running).</summary>
    public DateTime StartedAt { get; set; }

    public DateTime PendingUntil { get; set; }

    public int Starts { get; set; }

    /// <summary>
    /// The binary path in the SCM's own database (not the registry): set from the registry when the SCM starts (boot)
    /// and by ChangeServiceConfig only; what the next start runs. Null for a service without a registry key.
    /// </summary>
    public string? ImagePath { get; set; }

    /// <summary>The service type in the SCM's database, like <see cref="ImagePath"/>.</summary>
    public int? ServiceType { get; set; }

    /// <summary>The binary path the current (or last) process of the service was started with.</summary>
    public string? RunningImagePath { get; set; }

    public int Stops { get; set; }
}
