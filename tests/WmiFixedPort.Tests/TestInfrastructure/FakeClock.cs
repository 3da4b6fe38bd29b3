using System;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Tests.TestInfrastructure;

/// <summary>A clock that moves only when the code under test sleeps (or a fake advances it).</summary>
internal sealed class FakeClock : IClock
{
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public DateTime UtcNow { get; private set; } = Start;

    public TimeSpan Elapsed => UtcNow - Start;

    public void Sleep(TimeSpan duration) => Advance(duration);

    public void Advance(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        UtcNow += duration;
    }
}
