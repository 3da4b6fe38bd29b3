namespace WmiFixedPort.Machine;

/// <summary>
/// A service's status as QueryServiceStatusEx reports it (SERVICE_STATUS_PROCESS): its state, the id of the process
/// it runs in (0 when it is not running), the controls it accepts now, and the progress fields of a pending state.
/// </summary>
internal readonly struct ServiceStatus
{
    /// <summary>SERVICE_ACCEPT_STOP: the service accepts SERVICE_CONTROL_STOP in its current state.</summary>
    public const int AcceptStop = 0x1;

    public ServiceStatus(ServiceState state, int processId)
        : this(state, processId, state is ServiceState.Running or ServiceState.Paused ? AcceptStop : 0, 0, 0)
    {
    }

    public ServiceStatus(ServiceState state, int processId, int controlsAccepted, int checkPoint, int waitHintMilliseconds)
        : this(state, processId, controlsAccepted, checkPoint, waitHintMilliseconds, 0, 0)
    {
    }

    public ServiceStatus(ServiceState state, int processId, int controlsAccepted, int checkPoint, int waitHintMilliseconds, int win32ExitCode, int serviceSpecificExitCode)
    {
        Win32ExitCode = win32ExitCode;
        ServiceSpecificExitCode = serviceSpecificExitCode;
        State = state;
        ProcessId = processId;
        ControlsAccepted = controlsAccepted;
        CheckPoint = checkPoint;
        WaitHintMilliseconds = waitHintMilliseconds;
    }

    public ServiceState State { get; }

    public int ProcessId { get; }

    /// <summary>dwControlsAccepted: SERVICE_ACCEPT_* flags.</summary>
    public int ControlsAccepted { get; }

    /// <summary>dwCheckPoint: grows while a pending start, stop, pause or continue makes progress.</summary>
    public int CheckPoint { get; }

    /// <summary>dwWaitHint: how long the service expects its next checkpoint to take, in milliseconds.</summary>
    public int WaitHintMilliseconds { get; }

    /// <summary>
    /// dwWin32ExitCode: the error the service reports when it starts or stops (0 = none); ERROR_SERVICE_SPECIFIC_ERROR
    /// (1066) means the reason is in <see cref="ServiceSpecificExitCode"/> (SERVICE_STATUS, Microsoft Learn).
    /// </summary>
    public int Win32ExitCode { get; }

    /// <summary>dwServiceSpecificExitCode: meaningful only when <see cref="Win32ExitCode"/> is 1066.</summary>
    public int ServiceSpecificExitCode { get; }

    public bool IsRunning => State is ServiceState.Running or ServiceState.StartPending or ServiceState.ContinuePending;

    /// <summary>True in every state but Stopped: the service's process exists (running, paused or in transition).</summary>
    public bool IsActive => State is not (ServiceState.Stopped or ServiceState.Unknown);

    public bool IsPending => State is ServiceState.StartPending or ServiceState.StopPending or ServiceState.ContinuePending or ServiceState.PausePending;

    public bool AcceptsStop => (ControlsAccepted & AcceptStop) != 0;
}
