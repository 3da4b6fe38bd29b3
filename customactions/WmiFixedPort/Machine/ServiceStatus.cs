namespace WmiFixedPort.Machine;

/// <summary>A service's state and the id of the process it runs in (0 when it is not running).</summary>
internal readonly struct ServiceStatus
{
    public ServiceStatus(ServiceState state, int processId)
    {
        State = state;
        ProcessId = processId;
    }

    public ServiceState State { get; }

    public int ProcessId { get; }

    public bool IsRunning => State is ServiceState.Running or ServiceState.StartPending or ServiceState.ContinuePending;
}
