using WmiFixedPort.Machine;

namespace WmiFixedPort.Restart;

/// <summary>The deadlines of one command's forward work (see <see cref="Timeouts"/>).</summary>
internal sealed class CommandBudget
{
    public CommandBudget(IClock clock)
    {
        Stopping = new Deadline(clock, Timeouts.StoppingBudget);
        Overall = new Deadline(clock, Timeouts.ForwardBudget);
    }

    /// <summary>winmgmt.exe and every service stop finish by this.</summary>
    public Deadline Stopping { get; }

    /// <summary>Everything else finishes by this.</summary>
    public Deadline Overall { get; }
}
