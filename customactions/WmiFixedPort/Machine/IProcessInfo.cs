using System;

namespace WmiFixedPort.Machine;

/// <summary>Facts about a running process that tell one process from a later one with the same id.</summary>
internal interface IProcessInfo
{
    /// <summary>When the process started (UTC), or null when it cannot be read (gone, or access denied).</summary>
    DateTime? StartTimeUtc(int processId);
}
