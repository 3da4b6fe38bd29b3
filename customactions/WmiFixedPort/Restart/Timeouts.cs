using System;

namespace WmiFixedPort.Restart;

/// <summary>
/// The time limits. WixQuietExec kills a custom action after 60 s, so a whole enable or restore, including the
/// undo of a failure, must stay under 45 s whatever the services do. The timeline of the worst case:
/// winmgmt.exe and every stop finish by <see cref="StoppingBudget"/> (20 s), winmgmt's start takes at most
/// <see cref="WinmgmtStart"/> more, everything else finishes by <see cref="ForwardBudget"/> (30 s), and an undo
/// gets <see cref="UndoBudget"/> (13 s) of its own: 43 s.
/// </summary>
internal static class Timeouts
{
    public static readonly TimeSpan StoppingBudget = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan ForwardBudget = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan UndoBudget = TimeSpan.FromSeconds(13);
    public static readonly TimeSpan WinmgmtExe = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ServiceStop = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan WinmgmtStart = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan DependentStart = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
}
