namespace WmiFixedPort.Machine;

/// <summary>The service states of the service control manager (SERVICE_STOPPED = 1 ... SERVICE_PAUSED = 7).</summary>
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
