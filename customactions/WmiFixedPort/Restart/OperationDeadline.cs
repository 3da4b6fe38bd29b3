using System;
using WmiFixedPort.Commands;
using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>
/// The one time limit of an <c>enable</c> or <c>restore</c> (default <see cref="Timeouts.Deadline"/>, <c>--deadline</c>
/// overrides it): every wait of the command that can still be abandoned (the pending services of the preflight,
/// winmgmt.exe, each stop) ends at it at the latest, and a step that meets it fails, so the command undoes its changes.
/// Bringing services back (winmgmt's start, the dependents after it, the whole undo) gets <see cref="Recovery"/>: the deadline
/// plus <see cref="Timeouts.RecoveryAllowance"/>, so that a service is not left stopped because the deadline came
/// while it was starting. The command therefore ends by the deadline plus that allowance.
/// </summary>
internal sealed class OperationDeadline
{
    private readonly IClock _clock;

    public OperationDeadline(IClock clock, TimeSpan budget)
        : this(clock, budget, clock.UtcNow + budget)
    {
    }

    private OperationDeadline(IClock clock, TimeSpan budget, DateTime ends)
    {
        _clock = clock;
        Budget = budget;
        Ends = ends;
    }

    public TimeSpan Budget { get; }

    public DateTime Ends { get; }

    public bool Passed => _clock.UtcNow >= Ends;

    public TimeSpan Remaining => Passed ? TimeSpan.Zero : Ends - _clock.UtcNow;

    /// <summary>The deadline for bringing services back: this one plus the recovery allowance.</summary>
    public OperationDeadline Recovery() => new(_clock, Budget + Timeouts.RecoveryAllowance, Ends + Timeouts.RecoveryAllowance);

    /// <summary>The shorter of a wait's own cap and the time left.</summary>
    public TimeSpan Cap(TimeSpan cap) => cap < Remaining ? cap : Remaining;

    /// <summary>Fails the step when the deadline has passed.</summary>
    public void Check(string step)
    {
        if (Passed)
        {
            throw new StepFailedException(step, "the deadline passed (" + Describe() + ")");
        }
    }

    public string Describe() => "deadline " + ServiceWaiter.Seconds(Budget) + ", --deadline to change it";
}
