using System.Collections.Generic;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

internal sealed class FakeEventLog : IEventLog
{
    private readonly List<KeyValuePair<EventKind, string>> _events = new();

    public IReadOnlyList<KeyValuePair<EventKind, string>> Events => _events;

    /// <summary>When false, writing fails as it does when the source cannot be registered.</summary>
    public bool Available { get; set; } = true;

    public bool Write(EventKind kind, string message)
    {
        if (Available)
        {
            _events.Add(new KeyValuePair<EventKind, string>(kind, message));
        }

        return Available;
    }
}
