namespace WmiFixedPort.Machine;

/// <summary>The Application event log, source WmiFixedPort. Writing must never fail a command.</summary>
internal interface IEventLog
{
    /// <summary>Writes one event; returns false when the event could not be written.</summary>
    bool Write(EventKind kind, string message);
}
