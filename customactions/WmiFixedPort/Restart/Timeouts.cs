using System;

namespace WmiFixedPort.Restart;

/// <summary>
/// The time limits. WixQuietExec kills a custom action after 60 s, so a whole enable or restore, including the
/// undo of a failure, stays under 45 s: the forward work shares <see cref="ForwardBudget"/>, the undo gets
/// <see cref="UndoBudget"/> of its own, and no single wait exceeds its cap.
/// </summary>
internal static class Timeouts
{
    public static readonly TimeSpan ForwardBudget = TimeSpan.FromSeconds(28);
    public static readonly TimeSpan UndoBudget = TimeSpan.FromSeconds(14);
    public static readonly TimeSpan WinmgmtExe = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan ServiceStop = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan ServiceStart = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan DependentStart = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
}
