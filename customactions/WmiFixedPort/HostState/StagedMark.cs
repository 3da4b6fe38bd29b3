using System;

namespace WmiFixedPort.HostState;

/// <summary>
/// The winmgmt process that kept running when a change was staged: its id and start time. A change is still staged
/// while winmgmt runs in that same process; a restart gives it a new process (an id may be reused after a reboot,
/// a start time is not).
/// </summary>
internal sealed class StagedMark
{
    public StagedMark(int processId, long? startTicks)
    {
        ProcessId = processId;
        StartTicks = startTicks;
    }

    public int ProcessId { get; }

    /// <summary>The process start time in UTC ticks, when it could be read at staging.</summary>
    public long? StartTicks { get; }

    public bool Matches(int processId, DateTime? startTimeUtc) =>
        processId != 0 && processId == ProcessId && (StartTicks is null || startTimeUtc is null || startTimeUtc.Value.Ticks == StartTicks);
}
