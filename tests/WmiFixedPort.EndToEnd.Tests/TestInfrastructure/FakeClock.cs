using System;
using WmiFixedPort.EndToEnd.Tests.Infrastructure;

namespace WmiFixedPort.EndToEnd.Tests.TestInfrastructure;

/// <summary>A clock that moves only when someone sleeps on it.</summary>
internal sealed class FakeClock : IClock
{
    public DateTime UtcNow { get; private set; } = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public void Sleep(TimeSpan duration) => UtcNow += duration;
}
