using System;
using System.Collections.Generic;

namespace WmiFixedPort.Machine;

/// <summary>Runs %SystemRoot%\System32\wbem\winmgmt.exe with validated arguments.</summary>
internal interface IWinmgmtTool
{
    /// <summary>Runs winmgmt.exe and waits at most <paramref name="timeout"/>; a process still running then is killed.</summary>
    ProcessResult Run(IReadOnlyList<string> arguments, TimeSpan timeout);
}
