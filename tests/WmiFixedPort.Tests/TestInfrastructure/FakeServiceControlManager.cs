using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>
/// Services with dependencies and states, behaving as the SCM does where the product relies on it (Microsoft Learn:
/// ControlService, StartService, SERVICE_STATUS): a stop is refused while a dependent is active
/// (ERROR_DEPENDENT_SERVICES_RUNNING, 1051), a start starts the dependencies first, stops and starts take time on the
/// fake clock with dwCheckPoint advancing once a second (unless the service hangs) and dwWaitHint set, a pending
/// service accepts no controls, a new process id comes with every start, and every failure carries its Windows error
/// code. It also counts what the benchmark reports: starts, stops, and the time winmgmt was not running.
/// <para>
/// Stops go through ControlServiceExW with a SERVICE_CONTROL_STATUS_REASON_PARAMSW (learn.microsoft.com/windows/win32/
/// api/winsvc/nf-winsvc-controlserviceexw, .../ns-winsvc-service_control_status_reason_paramsw: dwReason "must be set
/// to a combination of one general code, one major reason code, and one minor reason code"; with
/// SERVICE_STOP_REASON_FLAG_CUSTOM the codes must be custom ones (majors 0x00400000..0x00ff0000, minors
/// 0x00000100..0x0000FFFF): "If this flag is specified with a system reason code, the function call fails"); the fake
/// fails such a call with ERROR_INVALID_PARAMETER (87, the fake's choice of error) and checks the shape with the
/// winsvc.h values (general codes UNPLANNED 0x10000000, CUSTOM 0x20000000, PLANNED 0x40000000; system majors
/// 0x00010000..0x00060000; system minors 1..0x18), and keeps every reason. A launch-protected service (<see cref="FakeService.LaunchProtected"/>) that runs refuses
/// ControlService(Ex) with access denied (5) even though it opens for SERVICE_STOP. A start can fall back to STOPPED
/// with dwWin32ExitCode / dwServiceSpecificExitCode set (<see cref="FakeService.StartsThatStopAgain"/>).
/// </para>
/// <para>
/// The service configuration (binary path, type) lives in the SCM's own database: read from the registry when the SCM
/// starts (<see cref="LoadDatabaseAtBoot"/>, at a reboot), changed afterwards only by ChangeServiceConfig
/// (<see cref="ChangeConfiguration"/>, which also writes the registry); a direct registry write does not change what the
/// next start runs. Sources: [MS-SCMR] 1.3 Overview (learn.microsoft.com/en-us/openspecs/windows_protocols/ms-scmr/
/// d5bd5712-fa64-44bf-9433-3651f6a5ce97): "Any updates to this internal database are made only through the Service
/// Control Manager Remote Protocol. ... The SCM database is resident in memory; it is recreated every time the SCM
/// restarts (after each reboot). Part of the SCM database is retrieved from persistent storage (all information
/// regarding registered services)"; "Database of Installed Services" (learn.microsoft.com/en-us/windows/win32/services/
/// database-of-installed-services): "This database is also known as the ServicesActive database or the SCM database.
/// You must use the functions provided by the SCM, instead of modifying the database directly."; the Windows Server 2003
/// Registry Reference on the Type entry (technet.microsoft.com/en-us/library/cc759275(v=ws.10)): "You cannot edit this
/// entry to change the view of a service by Windows Server 2003", change it with "the ChangeServiceConfig API or ...
/// SC"; "The service control manager (SCM) is started at system boot" (learn.microsoft.com/windows/win32/services/
/// service-control-manager); ChangeServiceConfigW's remarks: it changes the configuration "in the service control manager
/// database", and for a running service "the changes do not take effect until the service is stopped". CreateService's
/// remarks say the configuration set by ChangeServiceConfig "is saved as values under" the service's registry key;
/// the brief of this change says ChangeServiceConfig writes ImagePath as REG_EXPAND_SZ (the Windows lane can check it).
/// </para>
/// <para>
/// A start of a service configured as <c>svchost.exe -k &lt;group&gt;</c> fails with ERROR_SERVICE_NOT_IN_EXE (1083,
/// "The executable program that this service is configured to run in does not implement the service.") when the
/// registry value <c>SvcHost\&lt;group&gt;</c> does not list the service: svchost hosts the services its group value
/// lists (Microsoft KB 250320, "Description of Svchost.exe in Windows 2000", KB 314056 for XP: "Each value under this
/// key represents a separate Svchost group ... Each value is a REG_MULTI_SZ value and contains the services that run
/// under that Svchost group."). Which error Windows reports there is this model's assumption (1083 is the one whose
/// text fits); the point modelled is that winmgmt does not start.
/// </para>
/// </summary>
internal sealed class FakeServiceControlManager : IServiceControl, IProcessInfo
{
    private const string ServicesKey = @"SYSTEM\CurrentControlSet\Services";
    private static readonly Regex SvcHostGroup = new(@"svchost\.exe\b.*?\s-k\s+(\S+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly Dictionary<string, FakeService> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _log = new();
    private readonly List<string> _configurationChanges = new();
    private readonly FakeClock _clock;
    private readonly FakeRegistry? _registry;
    private int _nextProcessId = 1000;
    private DateTime? _winmgmtDownSince;
    private TimeSpan _winmgmtUnavailable;

    /// <summary>An SCM without a registry (no service configuration) or, with one, reading and writing its Services key.</summary>
    public FakeServiceControlManager(FakeClock clock, FakeRegistry? registry = null)
    {
        _clock = clock;
        _registry = registry;
    }

    /// <summary>Every ChangeServiceConfig call, in order: "winmgmt binpath= X type= N" (only what it changes).</summary>
    public IReadOnlyList<string> ConfigurationChanges => _configurationChanges;

    /// <summary>"start x" / "stop x" / "running x (PID n)" / "stopped x", in order.</summary>
    public IReadOnlyList<string> Log => _log;

    /// <summary>When set, a stop request for this service throws an exception no Windows call throws (a bug's stand-in).</summary>
    public string? UnexpectedExceptionOnStop { get; set; }

    /// <summary>
    /// The total time winmgmt was not Running, from its stop request to Running again; an outage not over yet (winmgmt
    /// still stopped or starting) counts up to now.
    /// </summary>
    public TimeSpan WinmgmtUnavailable
    {
        get
        {
            Settle();
            return _winmgmtUnavailable + (_winmgmtDownSince is DateTime since ? _clock.UtcNow - since : TimeSpan.Zero);
        }
    }

    /// <summary>True while an outage of winmgmt is not over (stopped or starting since a stop or start request).</summary>
    public bool WinmgmtStillDown
    {
        get
        {
            Settle();
            return _winmgmtDownSince is not null;
        }
    }

    public FakeService this[string name] => _services[name];

    public IEnumerable<FakeService> All => _services.Values;

    public FakeService Add(string name, bool running, params string[] dependencies)
    {
        var service = new FakeService(name, dependencies);
        if (running)
        {
            service.State = ServiceState.Running;
            service.ProcessId = _nextProcessId++;
            service.StartedAt = _clock.UtcNow;
        }

        _services[name] = service;
        return service;
    }

    /// <summary>The services that are running, sorted.</summary>
    public IReadOnlyList<string> RunningServices()
    {
        Settle();
        return _services.Values.Where(s => s.State == ServiceState.Running).Select(s => s.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The SCM's database entries that have a binary path, sorted: "scm winmgmt: type 32, binpath X".</summary>
    public IReadOnlyList<string> ConfiguredServices() =>
        _services.Values
            .Where(s => s.ImagePath is not null)
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => $"scm {s.Name}: type {s.ServiceType?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, binpath {s.ImagePath}")
            .ToList();

    /// <summary>How many times the service reached Running after a start request.</summary>
    public int StartsOf(string name) => _services[name].Starts;

    /// <summary>
    /// A restart of the computer (it takes a minute): every service that was active runs again in a new process. With
    /// <paramref name="samePids"/>, the new processes get the old ids, as can happen when services start in the same
    /// order after a boot (process ids are reused).
    /// </summary>
    public void Reboot(bool samePids = false)
    {
        Settle();
        _clock.Advance(TimeSpan.FromMinutes(1));
        foreach (FakeService service in _services.Values.Where(s => s.State != ServiceState.Stopped))
        {
            service.State = ServiceState.Running;
            service.ProcessId = samePids ? service.ProcessId : _nextProcessId++;
            service.StartedAt = _clock.UtcNow;
        }

        LoadDatabaseAtBoot();
        foreach (FakeService service in _services.Values.Where(s => s.State == ServiceState.Running && MissingFromItsSvcHostGroup(s) is not null))
        {
            service.State = ServiceState.Stopped;
            service.ProcessId = 0;
            _log.Add("failed at boot " + service.Name + " (not in its svchost group)");
        }
    }

    /// <summary>
    /// The SCM starting (at boot): every service's binary path and type are read from the registry, and the services
    /// that run are taken to run with them.
    /// </summary>
    public void LoadDatabaseAtBoot()
    {
        if (_registry is null)
        {
            return;
        }

        foreach (FakeService service in _services.Values)
        {
            service.ImagePath = _registry.GetValue(KeyOf(service), "ImagePath")?.Text;
            service.ServiceType = _registry.GetValue(KeyOf(service), "Type")?.Number;
            service.RunningImagePath = service.State == ServiceState.Stopped ? service.RunningImagePath : service.ImagePath;
        }
    }

    public void ChangeConfiguration(string serviceName, string? binaryPath, int? serviceType)
    {
        FakeService service = Find(serviceName);
        var change = new List<string> { service.Name };
        if (binaryPath is not null)
        {
            _registry?.SetValue(KeyOf(service), "ImagePath", RegValue.ExpandString(binaryPath));
            service.ImagePath = binaryPath;
            change.Add("binpath= " + binaryPath);
        }

        if (serviceType is int type)
        {
            _registry?.SetValue(KeyOf(service), "Type", RegValue.DWord(type));
            service.ServiceType = type;
            change.Add("type= " + type.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _configurationChanges.Add(string.Join(" ", change));
    }

    /// <summary>The start time of the service process with this id (the fake has no other processes).</summary>
    public DateTime? StartTimeUtc(int processId) =>
        _services.Values.FirstOrDefault(s => s.ProcessId == processId && s.ProcessId != 0)?.StartedAt;

    public ServiceStatus Query(string serviceName)
    {
        Settle();
        FakeService service = Find(serviceName);
        bool pending = service.State is ServiceState.StartPending or ServiceState.StopPending;
        if (!pending)
        {
            bool stoppable = service.AcceptsStop && service.State is ServiceState.Running or ServiceState.Paused;
            return new ServiceStatus(service.State, service.ProcessId, stoppable ? ServiceStatus.AcceptStop : 0, 0, 0, service.ReportedExitCode, service.ReportedServiceSpecificExitCode);
        }

        bool progressing = service.ReportsProgress && service.PendingUntil != DateTime.MaxValue;
        int checkPoint = 1 + (progressing ? (int)(_clock.UtcNow - service.PendingSince).TotalSeconds : 0);
        return new ServiceStatus(service.State, service.ProcessId, 0, checkPoint, (int)service.WaitHint.TotalMilliseconds);
    }

    public IReadOnlyList<string> GetDependentServices(string serviceName)
    {
        Find(serviceName);
        return _services.Values.Where(s => s.Dependencies.Contains(serviceName, StringComparer.OrdinalIgnoreCase)).Select(s => s.Name).ToList();
    }

    /// <summary>
    /// QueryServiceConfigW's lpDependencies. A service whose DACL denies SERVICE_QUERY_CONFIG cannot be opened for it:
    /// OpenServiceW fails with ERROR_ACCESS_DENIED (5, "The handle does not have access to the service",
    /// learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-openservicew), and QueryServiceConfigW requires that right
    /// ("The handle must have the SERVICE_QUERY_CONFIG access right", .../nf-winsvc-queryserviceconfigw).
    /// </summary>
    public IReadOnlyList<string> GetDependencies(string serviceName)
    {
        FakeService service = Find(serviceName);
        return service.DeniesQueryConfig ? throw Error(serviceName, "open", "Access is denied.", 5) : service.Dependencies;
    }

    public bool CanStop(string serviceName) => !Find(serviceName).Protected;

    public int LaunchProtection(string serviceName)
    {
        // The adapter (ServiceControlManager.LaunchProtection) reports 0 when SERVICE_QUERY_CONFIG is denied.
        FakeService service = Find(serviceName);
        return service.HidesLaunchProtection || service.DeniesQueryConfig ? 0 : service.LaunchProtected;
    }

    /// <summary>
    /// The service's process ended and the SCM's recovery action restarts it (SERVICE_FAILURE_ACTIONS, SC_ACTION_RESTART,
    /// learn.microsoft.com/windows/win32/api/winsvc/ns-winsvc-sc_action): it is START_PENDING for
    /// <paramref name="duration"/>, then runs in a new process. While it is pending it accepts no stop (1061, see
    /// <see cref="Stop"/>).
    /// </summary>
    public void RestartByRecoveryAction(string serviceName, TimeSpan duration)
    {
        Settle();
        FakeService service = Find(serviceName);
        service.ProcessId = _nextProcessId++;
        _log.Add("recovery restart " + service.Name);
        Pending(service, ServiceState.StartPending, duration);
    }

    /// <summary>Runs once, at the next stop request of any service (before it is handled): a service starting meanwhile.</summary>
    public Action? BeforeNextStop { get; set; }

    public void Stop(string serviceName, int reason)
    {
        Action? before = BeforeNextStop;
        BeforeNextStop = null;
        before?.Invoke();
        Settle();
        FakeService service = Find(serviceName);
        if (!IsValidStopReason(reason))
        {
            throw Error(serviceName, "stop", "The parameter is incorrect.", 87);
        }

        service.StopReasons.Add(reason);
        if (service.LaunchProtected != 0 && service.State != ServiceState.Stopped)
        {
            throw Error(serviceName, "stop", "Access is denied.", 5);
        }

        if (string.Equals(serviceName, UnexpectedExceptionOnStop, StringComparison.OrdinalIgnoreCase))
        {
            UnexpectedExceptionOnStop = null;
            throw new InvalidOperationException("the fake's stand-in for a bug");
        }

        if (service.Protected)
        {
            throw Error(serviceName, "stop", "Access is denied.", 5);
        }

        if (service.NextStopError is int error)
        {
            service.NextStopError = null;
            throw Error(serviceName, "stop", Text(error), error);
        }

        if (service.State == ServiceState.Stopped)
        {
            throw Error(serviceName, "stop", "The service has not been started.", 1062);
        }

        FakeService? runningDependent = _services.Values.FirstOrDefault(s =>
            s.State != ServiceState.Stopped && s.Dependencies.Contains(serviceName, StringComparer.OrdinalIgnoreCase));
        if (runningDependent is not null)
        {
            throw Error(serviceName, "stop", "A stop control has been sent to a service that other running services are dependent on.", 1051);
        }

        // ControlService: ERROR_SERVICE_CANNOT_ACCEPT_CTRL (1061) "because the state of the service is SERVICE_STOPPED,
        // SERVICE_START_PENDING, or SERVICE_STOP_PENDING"; ERROR_INVALID_SERVICE_CONTROL (1052) when the service does
        // not accept the control.
        if (service.State is ServiceState.StartPending or ServiceState.StopPending)
        {
            throw Error(serviceName, "stop", "The service cannot accept control messages at this time.", 1061);
        }

        if (!service.AcceptsStop)
        {
            throw Error(serviceName, "stop", "The requested control is not valid for this service.", 1052);
        }

        _log.Add("stop " + service.Name);
        service.Stops++;
        if (IsWinmgmt(service))
        {
            _winmgmtDownSince ??= _clock.UtcNow;
        }

        Pending(service, ServiceState.StopPending, service.StopDuration);
        Settle();
    }

    public void Start(string serviceName)
    {
        Settle();
        FakeService service = Find(serviceName);
        if (service.State is ServiceState.Running or ServiceState.StartPending or ServiceState.Paused or ServiceState.StopPending)
        {
            // StartServiceW: ERROR_SERVICE_ALREADY_RUNNING (1056) "An instance of the service is already running"
            // (learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-startservicew): a paused service's instance runs, and
            // so does a stopping one's until it has stopped, so both get 1056 too and stay as they are (review-16 B3).
            // The adapter (ServiceControlManager.Start) swallows 1056 whatever the state: the call returns, nothing changes.
            return;
        }

        foreach (string dependency in service.Dependencies)
        {
            Start(dependency);
            Settle();
            if (Find(dependency).State != ServiceState.Running)
            {
                throw Error(serviceName, "start", "The dependency service or group failed to start.", 1068);
            }
        }

        _log.Add("start " + service.Name);
        if (MissingFromItsSvcHostGroup(service) is string group)
        {
            throw Error(serviceName, "start", $"The executable program that this service is configured to run in does not implement the service. (svchost group {group} does not list it)", 1083);
        }

        service.RunningImagePath = service.ImagePath;
        if (service.NextStartError is int error)
        {
            service.NextStartError = null;
            throw Error(serviceName, "start", "The executable program that this service is configured to run in does not implement the service.", error);
        }

        if (service.FailingStarts > 0)
        {
            service.FailingStarts--;
            throw Error(serviceName, "start", "The service did not respond to the start or control request in a timely fashion.", 1053);
        }

        if (IsWinmgmt(service))
        {
            _winmgmtDownSince ??= _clock.UtcNow;
        }

        service.ReportedExitCode = 0;
        service.ReportedServiceSpecificExitCode = 0;
        if (service.StartsThatStopAgain > 0)
        {
            service.StartsThatStopAgain--;
            service.StartWillStopAgain = true;
        }

        Pending(service, ServiceState.StartPending, service.StartDuration);
        Settle();
    }

    private static bool IsValidStopReason(int reason)
    {
        int flag = reason & unchecked((int)0xF0000000);
        int major = reason & 0x00FF0000;
        int minor = reason & 0x0000FFFF;
        return flag == 0x20000000
            ? major is >= 0x00400000 and <= 0x00FF0000 && minor >= 0x100
            : flag is 0x10000000 or 0x40000000 && major is >= 0x00010000 and <= 0x00060000 && minor is >= 1 and <= 0x18;
    }

    private static WindowsOperationException Error(string serviceName, string verb, string text, int code) =>
        new($"could not {verb} service {serviceName}: {text} (Windows error {code})", code);

    /// <summary>The system message of a Windows error the tests arm (FormatMessage text, English).</summary>
    private static string Text(int error) => error switch
    {
        5 => "Access is denied.",
        1051 => "A stop control has been sent to a service that other running services are dependent on.",
        1052 => "The requested control is not valid for this service.",
        1061 => "The service cannot accept control messages at this time.",
        _ => "Windows error " + error + ".",
    };

    private static bool IsWinmgmt(FakeService service) => string.Equals(service.Name, "winmgmt", StringComparison.OrdinalIgnoreCase);

    private static string KeyOf(FakeService service) => ServicesKey + @"\" + service.Name;

    /// <summary>The svchost group the configured path names when its SvcHost value does not list the service, else null.</summary>
    private string? MissingFromItsSvcHostGroup(FakeService service)
    {
        Match match = SvcHostGroup.Match(service.ImagePath ?? string.Empty);
        if (_registry is null || !match.Success)
        {
            return null;
        }

        string group = match.Groups[1].Value;
        IReadOnlyList<string> members = _registry.GetValue(@"SOFTWARE\Microsoft\Windows NT\CurrentVersion\SvcHost", group)?.Lines ?? Array.Empty<string>();
        return members.Contains(service.Name, StringComparer.OrdinalIgnoreCase) ? null : group;
    }

    private void Pending(FakeService service, ServiceState state, TimeSpan duration)
    {
        service.State = state;
        service.PendingSince = _clock.UtcNow;
        service.PendingUntil = duration == TimeSpan.MaxValue ? DateTime.MaxValue : _clock.UtcNow + duration;
    }

    private FakeService Find(string serviceName) =>
        _services.TryGetValue(serviceName, out FakeService? service)
            ? service
            : throw Error(serviceName, "open", "The specified service does not exist as an installed service.", 1060);

    /// <summary>Completes the pending transitions whose time has come.</summary>
    private void Settle()
    {
        foreach (FakeService service in _services.Values)
        {
            if (service.State == ServiceState.StopPending && _clock.UtcNow >= service.PendingUntil)
            {
                service.State = ServiceState.Stopped;
                service.ProcessId = 0;
                _log.Add("stopped " + service.Name);
                if (service.RestartedOnDemand)
                {
                    service.RestartedOnDemand = false;
                    Pending(service, ServiceState.StartPending, TimeSpan.Zero);
                }
            }

            if (service.State == ServiceState.StartPending && service.StartWillStopAgain && _clock.UtcNow >= service.PendingUntil)
            {
                service.StartWillStopAgain = false;
                service.State = ServiceState.Stopped;
                service.ProcessId = 0;
                service.ReportedExitCode = service.ExitCode;
                service.ReportedServiceSpecificExitCode = service.ServiceSpecificExitCode;
                _log.Add($"stopped {service.Name} while starting (exit code {service.ExitCode})");
                continue;
            }

            if (service.State == ServiceState.StartPending && _clock.UtcNow >= service.PendingUntil)
            {
                service.State = ServiceState.Running;
                service.ProcessId = _nextProcessId++;
                service.StartedAt = service.PendingUntil;
                service.Starts++;
                _log.Add($"running {service.Name} (PID {service.ProcessId})");
                if (IsWinmgmt(service) && _winmgmtDownSince is DateTime since)
                {
                    _winmgmtUnavailable += service.PendingUntil - since;
                    _winmgmtDownSince = null;
                }
            }
        }
    }
}
