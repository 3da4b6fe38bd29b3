using System.Collections.Generic;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>
/// The TCP listener table by owning process. Nothing listens until a test says so: DCOM servers register their
/// protocol sequences lazily, so the fixed port may open only at the first remote activation.
/// </summary>
internal sealed class FakeTcpListeners : ITcpListeners
{
    private readonly Dictionary<int, SortedSet<int>> _ports = new();

    public bool Fails { get; set; }

    /// <summary>When true, reading the table throws an exception no Windows call throws (a bug's stand-in).</summary>
    public bool ThrowsUnexpectedly { get; set; }

    public void Listen(int processId, int port)
    {
        if (!_ports.TryGetValue(processId, out SortedSet<int>? ports))
        {
            _ports[processId] = ports = new SortedSet<int>();
        }

        ports.Add(port);
    }

    public IReadOnlyCollection<int> ListeningPorts(int processId) =>
        ThrowsUnexpectedly ? throw new System.InvalidOperationException("the fake's stand-in for a bug")
            : Fails ? throw new WindowsOperationException("could not read the TCP listener table: Windows error 87", 87)
            : _ports.TryGetValue(processId, out SortedSet<int>? ports) ? ports : new SortedSet<int>();
}
