using System;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>A point in time that bounds every wait of one phase of a command.</summary>
internal sealed class Deadline
{
    private readonly IClock _clock;
    private readonly DateTime _until;

    public Deadline(IClock clock, TimeSpan budget)
    {
        _clock = clock;
        _until = clock.UtcNow + budget;
    }

    public TimeSpan Remaining
    {
        get
        {
            TimeSpan left = _until - _clock.UtcNow;
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>The shorter of <paramref name="cap"/> and the time left.</summary>
    public TimeSpan Cap(TimeSpan cap) => cap < Remaining ? cap : Remaining;
}
