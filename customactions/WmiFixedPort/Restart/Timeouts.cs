using System;

namespace WmiFixedPort.Restart;

/// <summary>
/// The time limits. WixQuietExec (WiX 5.0.2 qtexec.cpp) reads the child's output until the pipe closes, then waits up
/// to 60 s for its exit code; it kills nothing, so a long wait does not abort the install but a hung child would hang
/// it. Waits therefore follow the service's own progress (dwCheckPoint / dwWaitHint, as Microsoft's "Starting a
/// Service" and "Stopping a Service" samples do) and end only when a service stops making progress, with a cap in
/// minutes for each wait so that a service that keeps reporting progress for ever cannot hang the install: servers
/// with ConfigMgr's CcmExec or Hyper-V's vmms stop slowly.
/// </summary>
internal static class Timeouts
{
    /// <summary>The whole enable or restore, by default (see <see cref="OperationDeadline"/>; --deadline overrides it).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    /// <summary>What bringing services back may take beyond the deadline (dependents' starts, the undo).</summary>
    public static readonly TimeSpan RecoveryAllowance = TimeSpan.FromMinutes(5);

    /// <summary>The pause before the last start attempt of a dependent that did not start twice.</summary>
    public static readonly TimeSpan DependentRetryPause = TimeSpan.FromSeconds(10);

    /// <summary>winmgmt.exe /standalonehost or /sharedhost (it returns in well under a second).</summary>
    public static readonly TimeSpan WinmgmtExe = TimeSpan.FromMinutes(2);

    /// <summary>One service's stop, however long its progress lasts.</summary>
    public static readonly TimeSpan ServiceStop = TimeSpan.FromMinutes(5);

    /// <summary>winmgmt's start, and the wait for a pending service before the preflight decides.</summary>
    public static readonly TimeSpan ServiceStart = TimeSpan.FromMinutes(5);

    /// <summary>One dependent's start (tried twice).</summary>
    public static readonly TimeSpan DependentStart = TimeSpan.FromMinutes(2);

    /// <summary>A pending state whose checkpoint has not moved for the wait hint, and at least this long, is a hang.</summary>
    public static readonly TimeSpan NoProgress = TimeSpan.FromSeconds(30);

    /// <summary>Polling: a tenth of the wait hint, within these bounds (the samples use 1 s to 10 s).</summary>
    public static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan MaximumPoll = TimeSpan.FromSeconds(10);
}
