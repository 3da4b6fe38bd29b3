namespace WmiFixedPort.Machine;

/// <summary>The kind of an event; the event id is 1000 plus this value.</summary>
internal enum EventKind
{
    Information = 0,
    Warning = 1,
    Error = 2,
}
